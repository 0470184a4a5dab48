import type { OrderStatus } from "@/server/vocabulary/orders";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { inventoryLevels, opsAlerts, reservations } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";
import { reservationLabel, stockLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { DomainError } from "@/server/lib/errors";
import { commitShippedStock } from "./commit";
import { moveStock, stockRefused, type StockMove } from "./move-stock";

/**
 * Stuck reservations, the safety net behind the reservation expiry, the cancel paths and the
 * stock commit on shipment (WH-P0-02, OR-P0-03): stock held by reservations that no order
 * needs any more, and levels whose `reserved` no longer equals their live reservations.
 * Ops find them here (and the `reservation-checker` cron raises them), then release, extend
 * or re-check them: each action audited, idempotent, in one transaction with its ledger rows.
 */

/** How long a problem may exist before it counts: the crons that normally fix it get this long. */
export const STUCK_GRACE_MINUTES = 5;

/**
 * Why a live reservation is stuck:
 * - `expired`: active (unpaid) past its expiry — the expiry cron should have released it;
 * - `order_cancelled` / `order_delivered` / `order_completed`: the order is closed but the
 *   reservation still holds stock;
 * - `fulfillment_cancelled`: its fulfillment was called off but the stock was never given back;
 * - `shipped_uncommitted`: its parcel left the building but the stock was never committed.
 */
export type StuckReason = "expired" | "order_cancelled" | "order_delivered" | "order_completed" | "fulfillment_cancelled" | "shipped_uncommitted";

export type StuckReservation = {
  reservationId: string;
  why: StuckReason;
  orderId: string;
  orderNumber: string;
  orderStatus: OrderStatus;
  warehouseId: string;
  warehouseCode: string;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  status: "active" | "confirmed";
  expiresAt: Date | null;
  updatedAt: Date;
  fulfillmentId: string | null;
  fulfillmentStatus: string | null;
};

export type ReservationDrift = {
  warehouseId: string;
  warehouseCode: string;
  productId: string;
  sku: string;
  name: string;
  onHand: number;
  reserved: number;
  /** Sum of the live (active + confirmed) reservations. */
  live: number;
};

export type StuckReport = {
  /** (a) active past their expiry. */
  expired: StuckReservation[];
  /** (b) live for orders or fulfillments that no longer need them. */
  orderClosed: StuckReservation[];
  /** (c) levels whose `reserved` differs from their live reservations. */
  drift: ReservationDrift[];
};

type StuckRow = {
  id: string;
  why: StuckReason;
  order_id: string;
  order_number: string;
  order_status: OrderStatus;
  warehouse_id: string;
  warehouse_code: string;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  status: "active" | "confirmed";
  expires_at: string | null;
  updated_at: string;
  fulfillment_id: string | null;
  fulfillment_status: string | null;
};

/** The SQL that classifies one live reservation `r` (joined with its order `o` and fulfillment `fx`). */
function whySql(graceMinutes: number) {
  const cutoff = sql`now() - make_interval(mins => ${graceMinutes})`;
  return sql`case
    when r.status = 'confirmed' and fx.fulfillment_status in ('shipped', 'completed') and fx.changed_at < ${cutoff} then 'shipped_uncommitted'
    when o.status in ('cancelled', 'delivered', 'completed') and o.updated_at < ${cutoff} then 'order_' || o.status::text
    when fx.fulfillment_status = 'cancelled' and fx.changed_at < ${cutoff} then 'fulfillment_cancelled'
    when r.status = 'active' and r.expires_at < ${cutoff} then 'expired'
  end`;
}

async function stuckRows(db: DbOrTx, options: { graceMinutes: number; limit: number }) {
  return db.execute<StuckRow>(sql`
    select * from (
      select r.id, ${whySql(options.graceMinutes)} as why,
        r.order_id, o.number as order_number, o.status::text as order_status,
        r.warehouse_id, w.code as warehouse_code, r.product_id, p.sku, p.name,
        r.quantity, r.status::text as status, r.expires_at::text as expires_at, r.updated_at::text as updated_at,
        fx.fulfillment_id, fx.fulfillment_status
      from reservations r
      join orders o on o.id = r.order_id
      join warehouses w on w.id = r.warehouse_id
      join products p on p.id = r.product_id
      left join lateral (
        select f.id as fulfillment_id, f.status::text as fulfillment_status, coalesce(f.shipped_at, f.updated_at) as changed_at
        from fulfillment_items fi join fulfillments f on f.id = fi.fulfillment_id
        where fi.reservation_id = r.id
        order by f.created_at desc
        limit 1
      ) fx on true
      where r.status in ('active', 'confirmed')
    ) s
    where s.why is not null
    order by s.updated_at, s.id
    limit ${options.limit}`);
}

function toStuck(r: StuckRow): StuckReservation {
  return {
    reservationId: r.id,
    why: r.why,
    orderId: r.order_id,
    orderNumber: r.order_number,
    orderStatus: r.order_status,
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    productId: r.product_id,
    sku: r.sku,
    name: r.name,
    quantity: Number(r.quantity),
    status: r.status,
    expiresAt: r.expires_at ? new Date(r.expires_at) : null,
    updatedAt: new Date(r.updated_at),
    fulfillmentId: r.fulfillment_id,
    fulfillmentStatus: r.fulfillment_status,
  };
}

/** Levels whose `reserved` differs from the sum of their live reservations (one snapshot, so never a false alarm from a transaction in flight). */
export async function driftedLevels(db: DbOrTx, options: { limit?: number; warehouseId?: string; productId?: string } = {}): Promise<ReservationDrift[]> {
  const rows = await db.execute<{ warehouse_id: string; code: string; product_id: string; sku: string; name: string; on_hand: number; reserved: number; live: number }>(sql`
    select il.warehouse_id, w.code, il.product_id, p.sku, p.name, il.on_hand, il.reserved, coalesce(r.live, 0)::int as live
    from inventory_levels il
    join warehouses w on w.id = il.warehouse_id
    join products p on p.id = il.product_id
    left join (
      select warehouse_id, product_id, sum(quantity) as live from reservations
      where status in ('active', 'confirmed')
      ${options.productId ? sql`and product_id = ${options.productId}` : sql``}
      group by warehouse_id, product_id
    ) r on r.warehouse_id = il.warehouse_id and r.product_id = il.product_id
    where il.reserved <> coalesce(r.live, 0)
      ${options.warehouseId ? sql`and il.warehouse_id = ${options.warehouseId}` : sql``}
      ${options.productId ? sql`and il.product_id = ${options.productId}` : sql``}
    order by p.sku, w.code
    limit ${options.limit ?? 200}`);
  return Array.from(rows, (r) => ({
    warehouseId: r.warehouse_id,
    warehouseCode: r.code,
    productId: r.product_id,
    sku: r.sku,
    name: r.name,
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
    live: Number(r.live),
  }));
}

/** The three kinds of stuck reservations, oldest first, at most `limit` of each. */
export async function stuckReservations(db: DbOrTx, options: { graceMinutes?: number; limit?: number } = {}): Promise<StuckReport> {
  const graceMinutes = options.graceMinutes ?? STUCK_GRACE_MINUTES;
  const limit = options.limit ?? 200;
  const [rows, drift] = await Promise.all([stuckRows(db, { graceMinutes, limit: limit * 2 }), driftedLevels(db, { limit })]);
  const all = Array.from(rows, toStuck);
  return {
    expired: all.filter((r) => r.why === "expired").slice(0, limit),
    orderClosed: all.filter((r) => r.why !== "expired").slice(0, limit),
    drift,
  };
}

// ---------------------------------------------------------------------------------------------
// Actions

export type ReservationActionResult = {
  /** `changed`: this call did it; `unchanged`: it was already done (a double click, another operator). */
  outcome: "changed" | "unchanged";
  reservationId: string;
  status: string;
};

const closedOrders: OrderStatus[] = ["cancelled", "delivered", "completed"];
const finishedFulfillment = ["shipped", "completed"];

function orderLabel(status: OrderStatus) {
  return status.replaceAll("_", " ");
}

/** The reservation's order and the fulfillment line it ships on, read without locks (both only move forward). */
async function reservationContext(tx: Tx, reservationId: string) {
  const [row] = await tx.execute<{ order_number: string; order_status: OrderStatus; fulfillment_id: string | null; fulfillment_status: string | null }>(sql`
    select o.number as order_number, o.status::text as order_status, fx.fulfillment_id, fx.fulfillment_status
    from reservations r
    join orders o on o.id = r.order_id
    left join lateral (
      select f.id as fulfillment_id, f.status::text as fulfillment_status
      from fulfillment_items fi join fulfillments f on f.id = fi.fulfillment_id
      where fi.reservation_id = r.id order by f.created_at desc limit 1
    ) fx on true
    where r.id = ${reservationId}`);
  return row!;
}

/**
 * Releases one live reservation: `reserved -= quantity`, status `released`, a ledger row and an
 * audit row, in the caller's transaction. The reservation row is locked first, so two operators
 * (or a double click) release it once: the second finds it released and changes nothing.
 *
 * Refused for a reservation its order still needs (an unpaid order inside its TTL, a confirmed
 * order whose parcel has yet to ship) unless `force` — the reason is always required. Never for
 * a parcel that already shipped: its stock left the building, so it must be committed instead.
 */
export async function releaseStuckReservation(
  tx: Tx,
  actor: SessionUser,
  input: { reservationId: string; reason: string; force?: boolean },
): Promise<ReservationActionResult> {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError("INVALID_INPUT", "Say why you release this reservation (at least 3 characters).", { reason: "reason_required" });
  const [r] = await tx.select().from(reservations).where(eq(reservations.id, input.reservationId)).for("update");
  if (!r) throw new DomainError("NOT_FOUND", "That reservation no longer exists.");
  if (r.status !== "active" && r.status !== "confirmed") return { outcome: "unchanged", reservationId: r.id, status: r.status };

  const ctx = await reservationContext(tx, r.id);
  if (ctx.fulfillment_status && finishedFulfillment.includes(ctx.fulfillment_status)) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Order ${ctx.order_number}'s parcel with these units has shipped: their stock left the building. Commit the reservation instead of releasing it.`,
      { reason: "already_shipped", fulfillmentId: ctx.fulfillment_id },
    );
  }
  const needed = stillNeeded(r, ctx.order_status, ctx.fulfillment_status);
  if (needed && !input.force) {
    throw new DomainError("PRECONDITION_FAILED", `Order ${ctx.order_number} is ${orderLabel(ctx.order_status)} and still needs this stock (${needed}). Tick "Force" and give a reason to release it anyway.`, {
      reason: "still_needed",
    });
  }

  const released = await moveStock(tx, {
    warehouseId: r.warehouseId,
    productId: r.productId,
    onHandDelta: 0,
    reservedDelta: -r.quantity,
    reason: "reservation_released",
    referenceType: "reservation",
    referenceId: r.id,
  });
  if (!released) {
    throw new DomainError("PRECONDITION_FAILED", "This stock level counts fewer reserved units than the reservation holds (drift). Re-check the level's drift first.", {
      reason: "level_drift",
    });
  }
  await tx.update(reservations).set({ status: "released", updatedAt: sql`now()` }).where(eq(reservations.id, r.id));
  await recordAudit(tx, actor, {
    action: "reservation.release",
    targetType: "reservation",
    targetId: r.id,
    targetLabel: await reservationLabel(tx, r),
    orderId: r.orderId,
    reason,
    details: {
      quantity: r.quantity,
      warehouseId: r.warehouseId,
      productId: r.productId,
      previousStatus: r.status,
      orderStatus: ctx.order_status,
      forced: Boolean(needed && input.force),
      ...(needed ? { neededBecause: needed } : {}),
    },
  });
  return { outcome: "changed", reservationId: r.id, status: "released" };
}

/** Why the order still needs this reservation, or null when it does not. */
function stillNeeded(r: { status: string; expiresAt: Date | null }, orderStatus: OrderStatus, fulfillmentStatus: string | null): string | null {
  if (closedOrders.includes(orderStatus)) return null;
  if (fulfillmentStatus === "cancelled") return null;
  if (r.status === "active") {
    if (orderStatus !== "pending_payment") return null;
    if (r.expiresAt && r.expiresAt.getTime() <= Date.now()) return null;
    return "it is waiting for payment inside its reservation time";
  }
  return "its parcel has not shipped yet";
}

/**
 * Re-counts one (warehouse, product): with the level row locked (so no reserve, release or
 * commit can move it meanwhile — they all update that row), `reserved` is set to the sum of
 * the live reservations, with a `drift_correction` ledger row and an audit row. No drift, no
 * change: a second re-check does nothing.
 */
export async function recheckDrift(
  tx: Tx,
  actor: SessionUser,
  input: { warehouseId: string; productId: string; reason?: string },
): Promise<{ outcome: "changed" | "unchanged"; reserved: number; live: number; previousReserved: number }> {
  const [level] = await tx
    .select()
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.warehouseId, input.warehouseId), eq(inventoryLevels.productId, input.productId)))
    .for("update");
  if (!level) throw new DomainError("NOT_FOUND", "That product has no stock level in this warehouse.");
  const [sum] = await tx
    .select({ live: sql<number>`coalesce(sum(${reservations.quantity}), 0)::int` })
    .from(reservations)
    .where(and(eq(reservations.warehouseId, input.warehouseId), eq(reservations.productId, input.productId), inArray(reservations.status, ["active", "confirmed"])));
  const live = Number(sum?.live ?? 0);
  if (live === level.reserved) return { outcome: "unchanged", reserved: live, live, previousReserved: level.reserved };
  if (live > level.onHand) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Live reservations hold ${live} units but only ${level.onHand} are on hand. Count the stock and adjust on hand first, then re-check.`,
      { reason: "reserved_exceeds_on_hand", live, onHand: level.onHand },
    );
  }
  const audit = await recordAudit(tx, actor, {
    action: "inventory.recheck_drift",
    targetType: "inventory_level",
    targetId: `${input.warehouseId}:${input.productId}`,
    targetLabel: await stockLabel(tx, input.warehouseId, input.productId),
    reason: input.reason?.trim() ?? "",
    details: { warehouseId: input.warehouseId, productId: input.productId, previousReserved: level.reserved, reserved: live, onHand: level.onHand },
  });
  // The level row is locked: moving `reserved` by the difference sets it to `live`. The ledger row points at the audit row.
  const correction: StockMove = {
    warehouseId: input.warehouseId,
    productId: input.productId,
    onHandDelta: 0,
    reservedDelta: live - level.reserved,
    reason: "drift_correction",
    referenceType: "audit",
    referenceId: audit.id.toString(),
  };
  if (!(await moveStock(tx, correction))) throw stockRefused(correction);
  return { outcome: "changed", reserved: live, live, previousReserved: level.reserved };
}

/**
 * A shipped parcel whose stock was never committed: commits it now (the same guarded commit
 * the shipment runs, so a commit already done is not done twice), audited.
 */
export async function commitStuckReservation(tx: Tx, actor: SessionUser, input: { reservationId: string; reason?: string }): Promise<ReservationActionResult & { units: number }> {
  const [r] = await tx.select().from(reservations).where(eq(reservations.id, input.reservationId));
  if (!r) throw new DomainError("NOT_FOUND", "That reservation no longer exists.");
  const ctx = await reservationContext(tx, r.id);
  if (!ctx.fulfillment_id || !ctx.fulfillment_status || !finishedFulfillment.includes(ctx.fulfillment_status)) {
    throw new DomainError("PRECONDITION_FAILED", `Order ${ctx.order_number}'s parcel with these units has not shipped, so there is nothing to commit.`, { reason: "not_shipped" });
  }
  const result = await commitShippedStock(tx, ctx.fulfillment_id);
  if (result.lines === 0) {
    const [now] = await tx.select({ status: reservations.status }).from(reservations).where(eq(reservations.id, r.id));
    return { outcome: "unchanged", reservationId: r.id, status: now!.status, units: 0 };
  }
  await recordAudit(tx, actor, {
    action: "reservation.commit",
    targetType: "reservation",
    targetId: r.id,
    targetLabel: await reservationLabel(tx, r),
    orderId: r.orderId,
    reason: input.reason?.trim() ?? "",
    details: { fulfillmentId: ctx.fulfillment_id, lines: result.lines, units: result.units },
  });
  return { outcome: "changed", reservationId: r.id, status: "committed", units: result.units };
}

// ---------------------------------------------------------------------------------------------
// The checker

export const stuckAlertKinds = { reservation: "reservation_stuck", drift: "reservation_drift" } as const;

const whyText: Record<StuckReason, string> = {
  expired: "is past its reservation time",
  order_cancelled: "belongs to a cancelled order",
  order_delivered: "belongs to a delivered order",
  order_completed: "belongs to a completed order",
  fulfillment_cancelled: "belongs to a cancelled fulfillment",
  shipped_uncommitted: "shipped but its stock was never committed",
};

/**
 * Finds the stuck reservations and drifts and raises one alert per new problem. A problem is
 * keyed by kind + reservation (or warehouse + product); while an unacknowledged alert with the
 * same key exists, no second one is raised. One run at a time (a transaction-scoped advisory
 * lock), so two checkers at once cannot both raise the same alert.
 */
export async function checkStuckReservations(db: Db, options: { graceMinutes?: number } = {}): Promise<{ found: number; raised: number }> {
  return transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('depot:reservation-checker'))`);
    const report = await stuckReservations(tx, { graceMinutes: options.graceMinutes, limit: 500 });
    const open = await tx
      .select({ key: sql<string>`${opsAlerts.details}->>'key'` })
      .from(opsAlerts)
      .where(and(inArray(opsAlerts.kind, [stuckAlertKinds.reservation, stuckAlertKinds.drift]), sql`${opsAlerts.acknowledgedAt} is null`));
    const known = new Set(open.map((o) => o.key));
    let raised = 0;
    for (const r of [...report.expired, ...report.orderClosed]) {
      const key = `${r.why}:${r.reservationId}`;
      if (known.has(key)) continue;
      known.add(key);
      await raiseAlert(tx, {
        kind: stuckAlertKinds.reservation,
        severity: "warning",
        message: `A reservation of ${r.quantity} × ${r.sku} in ${r.warehouseCode} for order ${r.orderNumber} ${whyText[r.why]}; it still holds stock.`,
        orderId: r.orderId,
        details: { key, why: r.why, reservationId: r.reservationId, warehouseId: r.warehouseId, productId: r.productId, sku: r.sku, quantity: r.quantity },
      });
      raised += 1;
    }
    for (const d of report.drift) {
      const key = `${d.warehouseId}:${d.productId}`;
      if (known.has(key)) continue;
      known.add(key);
      await raiseAlert(tx, {
        kind: stuckAlertKinds.drift,
        severity: "critical",
        message: `${d.sku} in ${d.warehouseCode} counts ${d.reserved} reserved units but its live reservations hold ${d.live}.`,
        details: { key, warehouseId: d.warehouseId, productId: d.productId, sku: d.sku, reserved: d.reserved, live: d.live },
      });
      raised += 1;
    }
    return { found: report.expired.length + report.orderClosed.length + report.drift.length, raised };
  }, db);
}
