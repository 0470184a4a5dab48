import { and, eq, inArray, sql } from "drizzle-orm";
import type { ReservationStatus } from "@/server/vocabulary/inventory";
import type { DbOrTx, Tx } from "@/db/client";
import { inventoryLevels, reservations, warehouses } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { moveStock, moveStockInOrder, stockRefused, type StockMove } from "./move-stock";

export type StockLevel = { warehouseId: string; productId: string; available: number };

/** Stock of the given products in every warehouse, with the warehouses' positions (one query each). */
export async function stockForProducts(db: DbOrTx, productIds: string[]) {
  const [levels, sites] = await Promise.all([
    db
      .select({
        warehouseId: inventoryLevels.warehouseId,
        productId: inventoryLevels.productId,
        available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved})::int`,
      })
      .from(inventoryLevels)
      .where(inArray(inventoryLevels.productId, productIds)),
    db.select({ id: warehouses.id, latitude: warehouses.latitude, longitude: warehouses.longitude }).from(warehouses),
  ]);
  return { levels, sites };
}

/**
 * A hold of `quantity` units, with its ledger row: `moveStock` grows `reserved` in one guarded
 * statement only while `on_hand - reserved` covers it, so two holds can never take the same
 * units (OR-P0-03, WH-P0-01); it is refused when there are too few.
 */
function hold(line: { warehouseId: string; productId: string; quantity: number }, reference: Pick<StockMove, "referenceType" | "referenceId">): StockMove {
  return { warehouseId: line.warehouseId, productId: line.productId, onHandDelta: 0, reservedDelta: line.quantity, reason: "reserved", ...reference };
}

export type ReserveLine = { orderItemId: string; productId: string; warehouseId: string; quantity: number; name: string };

/**
 * Reserves stock with one guarded statement per (warehouse, product), touched in a fixed order
 * so concurrent orders cannot deadlock: `reserved` only grows while `on_hand - reserved` covers
 * the quantity (OR-P0-03, WH-P0-01, WH-P0-03). Writes the reservations and one ledger row per
 * change in the caller's transaction (WH-P1-03).
 */
export async function reserveStock(tx: Tx, orderId: string, lines: ReserveLine[], expiresAt: Date | null): Promise<void> {
  const ordered = [...lines].sort((a, b) => a.warehouseId.localeCompare(b.warehouseId) || a.productId.localeCompare(b.productId));
  const holds = ordered.map((l) => hold(l, { referenceType: "order", referenceId: orderId }));
  const refused = await moveStockInOrder(tx, holds);
  if (refused) {
    const line = ordered[holds.indexOf(refused)]!;
    throw new DomainError("PRECONDITION_FAILED", `${line.name} just sold out. Please review your cart.`, {
      reason: "out_of_stock",
      productId: line.productId,
    });
  }
  await tx.insert(reservations).values(
    ordered.map((l) => ({ orderId, orderItemId: l.orderItemId, warehouseId: l.warehouseId, productId: l.productId, quantity: l.quantity, expiresAt })),
  );
}

/**
 * Holds `quantity` more units of a product in one warehouse for an already confirmed order line
 * (units moved here after a short pick elsewhere): the same guarded statement as a checkout, so
 * it never takes stock another order holds, then a confirmed reservation and its ledger row.
 * Returns null when the warehouse has fewer units available.
 */
export async function reserveConfirmedUnits(
  tx: Tx,
  line: { orderId: string; orderItemId: string; warehouseId: string; productId: string; quantity: number; reference: string },
) {
  if (!(await moveStock(tx, hold(line, { referenceType: "fulfillment_item", referenceId: line.reference })))) return null;
  const [held] = await tx
    .insert(reservations)
    .values({ orderId: line.orderId, orderItemId: line.orderItemId, warehouseId: line.warehouseId, productId: line.productId, quantity: line.quantity, status: "confirmed" })
    .returning();
  return held!;
}

/**
 * Releases an order's live reservations (active or confirmed) and gives the stock back, once:
 * the reservation rows are locked and moved to `to`, so a second call finds nothing.
 */
export async function releaseReservations(tx: Tx, orderId: string, to: Extract<ReservationStatus, "released" | "expired">): Promise<number> {
  const live = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.orderId, orderId), inArray(reservations.status, ["active", "confirmed"])))
    .orderBy(reservations.warehouseId, reservations.productId)
    .for("update");
  if (live.length === 0) return 0;
  const refused = await moveStockInOrder(
    tx,
    live.map((r): StockMove => ({
      warehouseId: r.warehouseId,
      productId: r.productId,
      onHandDelta: 0,
      reservedDelta: -r.quantity,
      reason: to === "expired" ? "reservation_expired" : "reservation_released",
      referenceType: "order",
      referenceId: orderId,
    })),
  );
  if (refused) throw stockRefused(refused);
  await tx
    .update(reservations)
    .set({ status: to, updatedAt: sql`now()` })
    .where(inArray(reservations.id, live.map((r) => r.id)));
  return live.length;
}

/** (warehouse, product) pairs whose `reserved` differs from their live reservations' sum. */
export async function reservationDrift(db: DbOrTx) {
  return db.execute<{ warehouse_id: string; product_id: string; reserved: number; live: number }>(sql`
    select il.warehouse_id, il.product_id, il.reserved, coalesce(r.live, 0)::int as live
    from inventory_levels il
    left join (
      select warehouse_id, product_id, sum(quantity) as live from reservations
      where status in ('active', 'confirmed') group by warehouse_id, product_id
    ) r on r.warehouse_id = il.warehouse_id and r.product_id = il.product_id
    where il.reserved <> coalesce(r.live, 0)`);
}

/**
 * Confirms all of an order's active reservations or none (WH-P0-01, NEW-P0-002): if any of
 * them is no longer active (expired or released meanwhile), nothing is confirmed and the
 * caller's transaction is expected to roll back.
 */
export async function confirmReservations(tx: Tx, orderId: string): Promise<{ confirmed: number; complete: boolean }> {
  const rows = await tx.select().from(reservations).where(eq(reservations.orderId, orderId)).for("update");
  const active = rows.filter((r) => r.status === "active");
  if (active.length === 0 || active.length !== rows.length) return { confirmed: 0, complete: false };
  await tx
    .update(reservations)
    .set({ status: "confirmed", expiresAt: null, updatedAt: sql`now()` })
    .where(inArray(reservations.id, active.map((r) => r.id)));
  return { confirmed: active.length, complete: true };
}

/** Ids of an order's reservations that still hold stock. */
export async function liveReservationIds(db: DbOrTx, orderId: string): Promise<string[]> {
  const rows = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.orderId, orderId), inArray(reservations.status, ["active", "confirmed"])));
  return rows.map((r) => r.id);
}

/** Active reservations now held until `expiresAt` (ops extended an unpaid order's time), in the caller's transaction. */
export async function extendActiveReservations(tx: Tx, reservationIds: string[], expiresAt: Date): Promise<void> {
  await tx.update(reservations).set({ expiresAt, updatedAt: sql`now()` }).where(inArray(reservations.id, reservationIds));
}
