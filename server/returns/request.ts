import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { ReturnKind, ReturnReasonCode } from "@/server/vocabulary/returns";
import type { DbOrTx, Tx } from "@/db/client";
import {
  fulfillmentItems,
  fulfillments,
  orderItems,
  orderStatusHistory,
  orders,
  returnItems,
  returns,
  returnStatusHistory,
  shipments,
  type Order,
  type Return,
  type ReturnItem,
} from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";
import { countingReturnStatuses, type ReturnActor } from "./status";
import { unitsToShipSql } from "@/server/fulfillment";

export type ReturnRequest = {
  items: { orderItemId: string; quantity: number; reason: ReturnReasonCode }[];
  kind: ReturnKind;
  note: string;
};

/** Order statuses from which a customer may send items back. */
const returnableOrderStatuses: readonly Order["status"][] = ["delivered", "completed"];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Fulfillment statuses whose units left the warehouse. */
const shippedFulfillment = sql`${fulfillments.status} in ('shipped', 'completed')`;

export type ReturnableItem = {
  orderItemId: string;
  productId: string;
  sku: string;
  name: string;
  unitPrice: string;
  ordered: number;
  /** Units that left the warehouse (a line's quantity less what the warehouse cancelled). */
  shipped: number;
  /** Units already in a return that was not rejected or cancelled. */
  returned: number;
  /** What the customer may still send back. */
  returnable: number;
};

/** Per order line: shipped − cancelled − already returned (returns that were not rejected or cancelled count). */
export async function returnableItems(db: DbOrTx, orderId: string): Promise<ReturnableItem[]> {
  const counting = sql.join(
    countingReturnStatuses.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = await db
    .select({
      orderItemId: orderItems.id,
      productId: orderItems.productId,
      sku: orderItems.sku,
      name: orderItems.name,
      unitPrice: orderItems.unitPrice,
      ordered: orderItems.quantity,
      shipped: sql<number>`(select coalesce(sum(fi.quantity - fi.cancelled_quantity - fi.moved_quantity), 0) from ${fulfillmentItems} fi join ${fulfillments} f on f.id = fi.fulfillment_id
        where fi.order_item_id = order_items.id and f.status in ('shipped', 'completed'))::int`,
      returned: sql<number>`(select coalesce(sum(ri.quantity), 0) from ${returnItems} ri join ${returns} r on r.id = ri.return_id
        where ri.order_item_id = order_items.id and r.status in (${counting}))::int`,
    })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.name), asc(orderItems.id));
  return rows.map((r) => ({ ...r, returnable: Math.max(0, r.shipped - r.returned) }));
}

/**
 * When the order reached the customer: the last parcel's delivery confirmation, else the order's
 * move to delivered, else (completed without a confirmation) its completion.
 */
export async function deliveredAt(db: DbOrTx, orderId: string): Promise<Date | null> {
  const [parcel] = await db
    .select({ at: shipments.deliveredAt })
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), eq(shipments.status, "delivered"), isNotNull(shipments.deliveredAt)))
    .orderBy(desc(shipments.deliveredAt))
    .limit(1);
  if (parcel?.at) return parcel.at;
  const [moved] = await db
    .select({ at: orderStatusHistory.createdAt })
    .from(orderStatusHistory)
    .where(and(eq(orderStatusHistory.orderId, orderId), inArray(orderStatusHistory.toStatus, ["delivered", "completed"])))
    .orderBy(asc(orderStatusHistory.createdAt))
    .limit(1);
  return moved?.at ?? null;
}

export type ReturnEligibility =
  | { eligible: true; deliveredAt: Date; deadline: Date }
  | { eligible: false; reason: "not_delivered" | "return_window_passed"; message: string; deliveredAt: Date | null; deadline: Date | null };

/** Whether the order can be returned now: delivered (or completed) and inside the return window counted from delivery. */
export async function returnEligibility(db: DbOrTx, order: Order, windowDays: number, now = new Date()): Promise<ReturnEligibility> {
  if (!returnableOrderStatuses.includes(order.status)) {
    return {
      eligible: false,
      reason: "not_delivered",
      message: `Order ${order.number} can be returned once it has been delivered; it is ${order.status.replace("_", " ")}.`,
      deliveredAt: null,
      deadline: null,
    };
  }
  const at = (await deliveredAt(db, order.id)) ?? order.updatedAt;
  const deadline = new Date(at.getTime() + windowDays * DAY_MS);
  if (now.getTime() > deadline.getTime()) {
    return {
      eligible: false,
      reason: "return_window_passed",
      message: `Order ${order.number} was delivered on ${at.toISOString().slice(0, 10)}: returns are accepted within ${windowDays} days of delivery.`,
      deliveredAt: at,
      deadline,
    };
  }
  return { eligible: true, deliveredAt: at, deadline };
}

/**
 * A customer asks to send back units of their delivered order. The order row is locked first,
 * so two requests for the same order are checked one after the other and can never return more
 * units together than were shipped. The caller resolves the order as the buyer's own
 * (server/trpc/buyer-order.ts): this function does not check ownership.
 */
export async function requestReturn(
  tx: Tx,
  order: Pick<Order, "id">,
  input: ReturnRequest,
  actor: ReturnActor,
  options: { windowDays: number; now?: Date },
): Promise<{ return: Return; items: ReturnItem[] }> {
  const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
  if (!locked) throw new DomainError("NOT_FOUND", "We couldn't find that order.");

  const eligibility = await returnEligibility(tx, locked, options.windowDays, options.now);
  if (!eligibility.eligible) throw new DomainError("PRECONDITION_FAILED", eligibility.message, { reason: eligibility.reason });

  if (input.items.length === 0) throw new DomainError("INVALID_INPUT", "Choose at least one item to return.", { reason: "no_items" });
  const seen = new Set<string>();
  for (const item of input.items) {
    if (seen.has(item.orderItemId)) throw new DomainError("INVALID_INPUT", "Each item can be listed once per return.", { reason: "duplicate_item" });
    seen.add(item.orderItemId);
    if (!Number.isInteger(item.quantity) || item.quantity < 1) {
      throw new DomainError("INVALID_INPUT", "Return at least one unit of each item you list.", { reason: "invalid_quantity" });
    }
  }

  const lines = await returnableItems(tx, locked.id);
  const chosen = input.items.map((item) => {
    const line = lines.find((l) => l.orderItemId === item.orderItemId);
    if (!line) throw new DomainError("INVALID_INPUT", `That item is not part of order ${locked.number}.`, { reason: "unknown_item" });
    if (item.quantity > line.returnable) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        line.returnable === 0
          ? `${line.name} can't be returned: every unit that was shipped is already in a return.`
          : `You can return at most ${line.returnable} of ${line.name} (${line.shipped} shipped, ${line.returned} already in a return).`,
        { reason: "too_many_units", orderItemId: line.orderItemId, returnable: line.returnable },
      );
    }
    return { ...item, line };
  });

  // The parcel comes back to the warehouse that shipped most of these units; restock happens there.
  const [site] = await tx
    .select({ warehouseId: fulfillments.warehouseId })
    .from(fulfillmentItems)
    .innerJoin(fulfillments, eq(fulfillments.id, fulfillmentItems.fulfillmentId))
    .where(and(inArray(fulfillmentItems.orderItemId, [...seen]), shippedFulfillment))
    .groupBy(fulfillments.warehouseId)
    .orderBy(desc(sql`sum(${unitsToShipSql})`), asc(fulfillments.warehouseId))
    .limit(1);

  const [created] = await tx
    .insert(returns)
    .values({
      number: sql`'R' || nextval('return_number_seq')`,
      orderId: locked.id,
      warehouseId: site?.warehouseId ?? null,
      kind: input.kind,
      status: "requested",
      customerNote: input.note.trim().slice(0, 1000),
      currency: locked.currency,
    })
    .returning();
  const ret = created!;
  const items = await tx
    .insert(returnItems)
    .values(chosen.map((c) => ({ returnId: ret.id, orderItemId: c.orderItemId, productId: c.line.productId, quantity: c.quantity, reason: c.reason })))
    .returning();

  const reason = `${input.kind === "exchange" ? "exchange" : "refund"} requested for ${chosen.reduce((n, c) => n + c.quantity, 0)} unit(s)`;
  await tx.insert(returnStatusHistory).values({ returnId: ret.id, fromStatus: null, toStatus: "requested", reason, actor: actor.label, actorId: actor.userId });
  await emit(tx, {
    name: "return/status-changed",
    aggregateId: ret.id,
    payload: { returnId: ret.id, number: ret.number, orderId: ret.orderId, kind: ret.kind, from: null, to: "requested", reason, actor: actor.label },
  });
  return { return: ret, items };
}
