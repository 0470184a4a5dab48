import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { fulfillmentItems, fulfillments, orders, products, qcChecks, shipments, type Fulfillment, type QcCheck } from "@/db/schema";
import { fulfillmentLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { warehouseScope } from "@/server/auth";
import { DomainError } from "@/server/lib/errors";
import { claimOnce } from "@/server/outbox";
import { suggestBox, weightWindow } from "@/server/vocabulary/parcels";
import { transitionFulfillment } from "./status";
import { unitsToShipSql } from "./items";
import { unitsToShip } from "@/server/vocabulary/fulfillment";

/** Packs a fulfillment gets before a repeated failure needs the manager. */
export const PACK_ATTEMPT_LIMIT = 3;

const packable = ["picked", "packing", "pack_failed"] as const;

export type PackItem = { id: string; sku: string; name: string; quantity: number; packed: number; requiresQc: boolean; weightGrams: number };
export type PackView = {
  fulfillmentId: string;
  orderNumber: string;
  status: Fulfillment["status"];
  version: number;
  packAttempts: number;
  attention: string | null;
  items: PackItem[];
  requiresQc: boolean;
  lastQc: Pick<QcCheck, "result" | "notes" | "createdAt"> | null;
  contentsGrams: number;
  suggestedBox: { code: string; label: string; tareGrams: number };
  shipmentId: string | null;
};

/** A fulfillment of the user's warehouse; another warehouse's is "not found", like one that does not exist (SEC-P1-02). */
async function fulfillmentInScope(db: DbOrTx, fulfillmentId: string, user: SessionUser, lock: boolean): Promise<Fulfillment> {
  const scope = warehouseScope(user);
  const query = db
    .select()
    .from(fulfillments)
    .where(and(eq(fulfillments.id, fulfillmentId), scope.kind === "one" ? eq(fulfillments.warehouseId, scope.warehouseId) : undefined));
  const [f] = lock ? await query.for("update") : await query;
  if (!f) throw new DomainError("NOT_FOUND", "Fulfillment not found.");
  return f;
}

/** What the pack station shows for a fulfillment. */
export async function packView(db: DbOrTx, fulfillmentId: string, user: SessionUser): Promise<PackView> {
  const f = await fulfillmentInScope(db, fulfillmentId, user, false);
  const [order] = await db.select({ number: orders.number }).from(orders).where(eq(orders.id, f.orderId));
  const items: PackItem[] = (
    await db
      .select({
        id: fulfillmentItems.id,
        sku: products.sku,
        name: products.name,
        quantity: unitsToShipSql,
        packed: fulfillmentItems.packedQuantity,
        requiresQc: products.requiresQc,
        weightGrams: products.weightGrams,
      })
      .from(fulfillmentItems)
      .innerJoin(products, eq(products.id, fulfillmentItems.productId))
      .where(eq(fulfillmentItems.fulfillmentId, f.id))
      .orderBy(products.sku)
  ).filter((i) => i.quantity > 0);
  const [lastQc] = await db
    .select({ result: qcChecks.result, notes: qcChecks.notes, createdAt: qcChecks.createdAt })
    .from(qcChecks)
    .where(eq(qcChecks.fulfillmentId, f.id))
    .orderBy(desc(qcChecks.createdAt))
    .limit(1);
  const [shipment] = await db.select({ id: shipments.id }).from(shipments).where(eq(shipments.fulfillmentId, f.id));
  const contentsGrams = items.reduce((g, i) => g + i.weightGrams * i.quantity, 0);
  return {
    fulfillmentId: f.id,
    orderNumber: order!.number,
    status: f.status,
    version: f.version,
    packAttempts: f.packAttempts,
    attention: f.attention,
    items,
    requiresQc: items.some((i) => i.requiresQc),
    lastQc: lastQc ?? null,
    contentsGrams,
    suggestedBox: suggestBox(contentsGrams, items.reduce((n, i) => n + i.quantity, 0)),
    shipmentId: shipment?.id ?? null,
  };
}

/**
 * The packer scans an order number (printed on the tote): finds that order's fulfillment of
 * the packer's warehouse and starts packing it (picked → packing, or a retry after a failure).
 */
export async function openForPacking(tx: Tx, scanned: string, user: SessionUser): Promise<string> {
  const number = scanned.trim().toUpperCase();
  const scope = warehouseScope(user);
  const [found] = await tx
    .select({ id: fulfillments.id, status: fulfillments.status })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .where(and(eq(orders.number, number), scope.kind === "one" ? eq(fulfillments.warehouseId, scope.warehouseId) : undefined))
    .orderBy(sql`${fulfillments.status} in ('picked', 'packing', 'pack_failed') desc`)
    .limit(1);
  if (!found) throw new DomainError("NOT_FOUND", `No order ${number} ships from this warehouse.`, { reason: "unknown_order" });
  if (!(packable as readonly string[]).includes(found.status)) {
    const why = ["pending", "planning", "picking", "pick_failed"].includes(found.status) ? "it hasn't been picked yet" : `it is ${found.status.replace("_", " ")}`;
    throw new DomainError("PRECONDITION_FAILED", `Order ${number} can't be packed: ${why}.`, { reason: "not_packable", status: found.status });
  }
  if (found.status !== "packing") await startPacking(tx, found.id, user);
  return found.id;
}

async function startPacking(tx: Tx, fulfillmentId: string, user: SessionUser) {
  const f = await fulfillmentInScope(tx, fulfillmentId, user, true);
  if (f.packAttempts >= PACK_ATTEMPT_LIMIT) {
    throw new DomainError("PRECONDITION_FAILED", `Packing failed ${f.packAttempts} times: the warehouse manager must look at this order first.`, {
      reason: "pack_attempts_exhausted",
    });
  }
  await transitionFulfillment(tx, f.id, {
    to: "packing",
    reason: f.status === "pack_failed" ? "packing again" : "packing started",
    actor: `user:${user.id}`,
    set: { packAttempts: f.packAttempts + 1, attention: null },
  });
  await auditPack(tx, user, "pack.open", f, f.status === "pack_failed" ? "packing again" : "packing started", { attempt: f.packAttempts + 1 });
}

/** A pack-station action, audited on the parcel as people know it: "D100009 from EAST". */
export async function auditPack(tx: Tx, user: SessionUser, action: string, f: Pick<Fulfillment, "id" | "orderId">, reason: string, details: Record<string, unknown> = {}) {
  await recordAudit(tx, user, { action, targetType: "fulfillment", targetId: f.id, targetLabel: await fulfillmentLabel(tx, f.id), orderId: f.orderId, reason, details });
}

async function packingNow(tx: Tx, fulfillmentId: string, user: SessionUser): Promise<Fulfillment> {
  return assertPacking(await fulfillmentInScope(tx, fulfillmentId, user, true));
}

function assertPacking(f: Fulfillment): Fulfillment {
  if (f.status !== "packing") throw new DomainError("PRECONDITION_FAILED", `This fulfillment is ${f.status.replace("_", " ")}, not being packed. Scan the order again.`, { reason: "not_packing" });
  return f;
}

/** Pack scans applied once per scan id (the handheld replays a scan whose answer it never got). */
const PACK_SCAN_CONSUMER = "pack-scan";

/**
 * One item scanned into the box: it must belong to the order and not be packed in full already.
 * With a `scanId` the scan counts once: a replay answers the item as it is now, `replayed`.
 */
export async function scanPackItem(tx: Tx, input: { fulfillmentId: string; code: string; scanId?: string }, user: SessionUser): Promise<PackItem & { replayed: boolean }> {
  const f = await fulfillmentInScope(tx, input.fulfillmentId, user, true);
  const sku = input.code.trim().toUpperCase();
  if (input.scanId && !(await claimOnce(tx, PACK_SCAN_CONSUMER, input.scanId))) {
    const now = (await packView(tx, f.id, user)).items.filter((i) => i.sku === sku);
    const item = now.find((i) => i.packed < i.quantity) ?? now.at(-1);
    if (!item) throw new DomainError("CONFLICT", "This scan id was already used for another item.", { reason: "scan_id_reused" });
    return { ...item, replayed: true };
  }
  assertPacking(f);
  // A product can be on two lines of one parcel (its own and units moved here after a short pick elsewhere).
  const lines = await tx
    .select({ item: fulfillmentItems, sku: products.sku, name: products.name, requiresQc: products.requiresQc, weightGrams: products.weightGrams })
    .from(fulfillmentItems)
    .innerJoin(products, eq(products.id, fulfillmentItems.productId))
    .where(and(eq(fulfillmentItems.fulfillmentId, input.fulfillmentId), eq(products.sku, sku)))
    .orderBy(asc(fulfillmentItems.id))
    .for("update", { of: fulfillmentItems });
  const toShip = lines.reduce((n, l) => n + unitsToShip(l.item), 0);
  if (toShip === 0) throw new DomainError("INVALID_INPUT", `${sku} is not in this order. Put it aside for the returns shelf.`, { reason: "wrong_item" });
  const item = lines.find((l) => l.item.packedQuantity < unitsToShip(l.item));
  if (!item) throw new DomainError("INVALID_INPUT", `All ${toShip} of ${sku} are packed already: take the extra one out.`, { reason: "already_packed" });
  const [updated] = await tx
    .update(fulfillmentItems)
    .set({ packedQuantity: sql`${fulfillmentItems.packedQuantity} + 1` })
    .where(eq(fulfillmentItems.id, item.item.id))
    .returning();
  await auditPack(tx, user, "pack.scan", f, `${sku} into the box (${updated!.packedQuantity} of ${unitsToShip(updated!)})`, { sku, packed: updated!.packedQuantity });
  return {
    id: item.item.id,
    sku,
    name: item.name,
    quantity: unitsToShip(updated!),
    packed: updated!.packedQuantity,
    requiresQc: item.requiresQc,
    weightGrams: item.weightGrams,
    replayed: false,
  };
}

/**
 * The QC gate for orders with products that need it. A failure stops the pack
 * (packing → pack_failed, flagged) until someone packs it again and it passes.
 */
export async function recordQc(tx: Tx, input: { fulfillmentId: string; result: "pass" | "fail"; notes: string }, user: SessionUser) {
  const f = await packingNow(tx, input.fulfillmentId, user);
  if (input.result === "fail" && input.notes.trim().length < 3) throw new DomainError("INVALID_INPUT", "Say what failed the check.", { reason: "notes_required" });
  await tx.insert(qcChecks).values({ fulfillmentId: f.id, result: input.result, notes: input.notes.trim(), checkedBy: user.id });
  if (input.result === "fail") {
    const note = `QC failed: ${input.notes.trim()}`;
    await tx.update(fulfillmentItems).set({ packedQuantity: 0 }).where(eq(fulfillmentItems.fulfillmentId, f.id));
    await transitionFulfillment(tx, f.id, { to: "pack_failed", reason: note, actor: `user:${user.id}`, set: { attention: note } });
  }
  await auditPack(tx, user, "pack.qc", f, input.result === "pass" ? "QC passed" : `QC failed: ${input.notes.trim()}`, { result: input.result });
  return { result: input.result };
}

/** What closing a box asks for: the pack as the station last saw it, the box and the scale's reading. */
export type CloseBoxInput = { fulfillmentId: string; boxCode: string; weightGrams: number; expectedVersion: number };

/**
 * Closes the box: every unit scanned, QC passed where needed, the scale's weight within the
 * tolerance of what the contents and box should weigh. The fulfillment becomes packed; the
 * shipping module then makes its shipment in the same transaction (server/shipping/pack-close.ts).
 */
export async function closeBox(tx: Tx, input: CloseBoxInput, user: SessionUser): Promise<{ fulfillment: Fulfillment; reason: string }> {
  const f = await packingNow(tx, input.fulfillmentId, user);
  if (f.version !== input.expectedVersion) throw new DomainError("CONFLICT", "This pack changed on another station. Reload it.", { reason: "stale_fulfillment" });
  const view = await packView(tx, f.id, user);
  const missing = view.items.filter((i) => i.packed < i.quantity);
  if (missing.length > 0) {
    throw new DomainError("PRECONDITION_FAILED", `Scan every item first: ${missing.map((i) => `${i.quantity - i.packed} × ${i.sku}`).join(", ")} still missing.`, {
      reason: "items_missing",
    });
  }
  if (view.requiresQc && view.lastQc?.result !== "pass") {
    throw new DomainError("PRECONDITION_FAILED", "This order has products that need a quality check: record a passed QC before closing the box.", { reason: "qc_required" });
  }
  const window = weightWindow(view.contentsGrams, input.boxCode);
  if (input.weightGrams < window.min || input.weightGrams > window.max) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `The parcel weighs ${kg(input.weightGrams)}, but ${view.items.length === 1 ? "its item and box" : "its items and box"} should weigh ${kg(window.expected)} (${kg(window.min)}–${kg(window.max)}). Check the contents and weigh again.`,
      { reason: "weight_mismatch", expected: window.expected, min: window.min, max: window.max },
    );
  }
  const reason = `packed in box ${input.boxCode.toUpperCase()}, ${kg(input.weightGrams)}`;
  await transitionFulfillment(tx, f.id, { to: "packed", reason, actor: `user:${user.id}` });
  return { fulfillment: f, reason };
}

/** Fulfillments waiting at the pack station of the user's warehouse, oldest first. */
export async function packQueue(db: DbOrTx, user: SessionUser) {
  const scope = warehouseScope(user);
  return db
    .select({ fulfillmentId: fulfillments.id, orderNumber: orders.number, status: fulfillments.status, attention: fulfillments.attention, updatedAt: fulfillments.updatedAt })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .where(and(inArray(fulfillments.status, [...packable]), scope.kind === "one" ? eq(fulfillments.warehouseId, scope.warehouseId) : undefined))
    .orderBy(fulfillments.updatedAt)
    .limit(100);
}

const kg = (grams: number) => `${(grams / 1000).toFixed(2)} kg`;
