import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { addressLocation } from "@/server/vocabulary/address";
import { distanceKm, capacityToday, addMovedLine, createMoveFulfillment, markUnitsMoved } from "@/server/fulfillment";
import { fulfillments, inventoryLevels, products, warehouses, type FulfillmentItem, type ShippingAddress } from "@/db/schema";
import { reserveConfirmedUnits, writeOffReservedUnits } from "@/server/inventory";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";

export type MoveTarget = { warehouseId: string; code: string; name: string; available: number; distanceKm: number; overCapacity: boolean };

/**
 * For each short pick, the other warehouses that hold enough of the product to ship the missing
 * units, in the order checkout would choose them: under today's capacity first, then nearest to
 * the customer (FUL-P0-03, WH-P0-03).
 */
export async function moveTargets(
  db: DbOrTx,
  shorts: { lineId: string; productId: string; warehouseId: string; missing: number; shippingAddress: ShippingAddress }[],
): Promise<Map<string, MoveTarget[]>> {
  const result = new Map<string, MoveTarget[]>();
  if (shorts.length === 0) return result;
  const [stock, capacity] = await Promise.all([
    db
      .select({
        warehouseId: warehouses.id,
        code: warehouses.code,
        name: warehouses.name,
        latitude: warehouses.latitude,
        longitude: warehouses.longitude,
        productId: inventoryLevels.productId,
        available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved})::int`,
      })
      .from(inventoryLevels)
      .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
      .where(inArray(inventoryLevels.productId, [...new Set(shorts.map((s) => s.productId))])),
    capacityToday(db),
  ]);
  for (const short of shorts) {
    const here = addressLocation(short.shippingAddress);
    const targets = stock
      .filter((s) => s.productId === short.productId && s.warehouseId !== short.warehouseId && s.available >= short.missing)
      .map((s) => ({
        warehouseId: s.warehouseId,
        code: s.code,
        name: s.name,
        available: s.available,
        distanceKm: Math.round(distanceKm(here, { lat: Number(s.latitude), lon: Number(s.longitude) })),
        overCapacity: capacity.find((c) => c.warehouseId === s.warehouseId)?.overCapacity ?? false,
      }))
      .sort((a, b) => Number(a.overCapacity) - Number(b.overCapacity) || a.distanceKm - b.distanceKm);
    result.set(short.lineId, targets);
  }
  return result;
}

export type UnitsMove = {
  /** The short-picked line, locked by the caller. */
  item: FulfillmentItem;
  orderId: string;
  fromFulfillmentId: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  units: number;
  reason: string;
};

/**
 * Units a picker could not find ship from another warehouse instead, in the caller's
 * transaction: they are written off the bin that lacked them, the other warehouse holds them
 * with a confirmed reservation (never taking stock another order holds), and they join that
 * warehouse's fulfillment of the order if it has not been released to a wave yet, or a new
 * fulfillment otherwise. The customer is not refunded: the units still ship.
 */
export async function moveUnitsToWarehouse(tx: Tx, move: UnitsMove, user: SessionUser) {
  if (move.toWarehouseId === move.fromWarehouseId) {
    throw new DomainError("INVALID_INPUT", "The units are missing from this warehouse: choose another one.", { reason: "same_warehouse" });
  }
  const [target] = await tx.select({ id: warehouses.id, code: warehouses.code }).from(warehouses).where(eq(warehouses.id, move.toWarehouseId));
  if (!target) throw new DomainError("NOT_FOUND", "That warehouse does not exist.");
  const [product] = await tx.select({ sku: products.sku }).from(products).where(eq(products.id, move.item.productId));
  if (!move.item.reservationId) throw new DomainError("PRECONDITION_FAILED", "This line has no stock held for it.", { reason: "no_reservation" });
  const sourceReservationId = move.item.reservationId;

  // Stock rows are written in warehouse order, like every other stock write, so this cannot deadlock with a checkout.
  const writeOff = () => writeOffReservedUnits(tx, { reservationId: sourceReservationId, units: move.units, reference: move.item.id });
  const reserve = async () => {
    const held = await reserveConfirmedUnits(tx, {
      orderId: move.orderId,
      orderItemId: move.item.orderItemId,
      warehouseId: target.id,
      productId: move.item.productId,
      quantity: move.units,
      reference: move.item.id,
    });
    if (held) return held;
    const [level] = await tx
      .select({ available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved})::int` })
      .from(inventoryLevels)
      .where(and(eq(inventoryLevels.warehouseId, target.id), eq(inventoryLevels.productId, move.item.productId)));
    throw new DomainError(
      "PRECONDITION_FAILED",
      `${target.code} has only ${Math.max(0, level?.available ?? 0)} of ${product!.sku} free, not ${move.units}: choose another warehouse or cancel the units.`,
      { reason: "out_of_stock", available: Math.max(0, level?.available ?? 0) },
    );
  };
  let held: Awaited<ReturnType<typeof reserve>>;
  if (move.fromWarehouseId < target.id) {
    await writeOff();
    held = await reserve();
  } else {
    held = await reserve();
    await writeOff();
  }

  await markUnitsMoved(tx, move.item.id, move.units);

  // A fulfillment there that no wave has claimed yet takes the units; a wave release claims with SKIP LOCKED, so once locked here it stays pending.
  const [waiting] = await tx
    .select()
    .from(fulfillments)
    .where(and(eq(fulfillments.orderId, move.orderId), eq(fulfillments.warehouseId, target.id), eq(fulfillments.status, "pending"), ne(fulfillments.id, move.fromFulfillmentId)))
    .orderBy(asc(fulfillments.createdAt))
    .limit(1)
    .for("update");
  let fulfillment = waiting;
  if (!fulfillment) {
    fulfillment = await createMoveFulfillment(tx, {
      orderId: move.orderId,
      warehouseId: target.id,
      originFulfillmentId: move.fromFulfillmentId,
      reason: `${move.units} × ${product!.sku} moved here after a short pick`,
      actor: `user:${user.id}`,
    });
  }
  const moved = await addMovedLine(tx, {
    fulfillmentId: fulfillment.id,
    orderItemId: move.item.orderItemId,
    productId: move.item.productId,
    reservationId: held.id,
    quantity: move.units,
    movedFromItemId: move.item.id,
  });
  if (!waiting) {
    await emit(tx, {
      name: "fulfillment/created",
      aggregateId: fulfillment!.id,
      payload: { fulfillmentId: fulfillment!.id, orderId: move.orderId, warehouseId: target.id, items: [{ productId: move.item.productId, quantity: move.units }] },
    });
  }
  return { warehouseCode: target.code, fulfillmentId: fulfillment!.id, fulfillmentItemId: moved!.id, joinedExisting: Boolean(waiting) };
}
