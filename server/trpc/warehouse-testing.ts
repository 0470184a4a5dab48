import { asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  auditLog,
  fulfillmentItems,
  fulfillments,
  fulfillmentStatusHistory,
  orders,
  outbox,
  pickConfirmations,
  picklistLines,
  picklists,
  qcChecks,
  reservations,
  shipmentHistory,
  shipments,
  users,
  warehouses,
  waves,
} from "@/db/schema";
import { createTestBins, createTestProduct, placeInBin } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { confirmedOrder } from "@/server/fulfillment/testing";
import { releaseWave } from "@/server/picking/waves";
import { requestLabel } from "@/server/shipping/labels";
import { orderBeingPacked, pack } from "@/server/shipping/testing";

type Site = "EAST" | "WEST";

/** An open picklist of a wave of its own, with one pending line (stock elsewhere too if `alsoStocked`, e.g. for a move). */
export async function openPicklist(db: Db, site: Site, managerId: string, alsoStocked: Partial<Record<"EAST" | "CENTRAL" | "WEST", number>> = {}) {
  const [bin] = await createTestBins(db, site, 1);
  const product = await createTestProduct(db, { stock: { ...alsoStocked, [site]: 10 } });
  await placeInBin(db, product.id, bin!);
  const { order } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
  const wave = await transaction((tx) => releaseWave(tx, bin!.warehouseId, { maxOrders: 1, maxUnits: 10, maxPicklists: 1, zone: bin!.zone }, { userId: managerId }), db);
  const picklistId = wave.picklists[0]!.picklistId;
  const [list] = await db.select().from(picklists).where(eq(picklists.id, picklistId));
  const [line] = await db.select().from(picklistLines).where(eq(picklistLines.picklistId, picklistId));
  return {
    orderId: order.id,
    orderNumber: order.number,
    waveId: wave.waveId,
    picklistId,
    picklistNumber: list!.number,
    picklistVersion: list!.version,
    lineId: line!.id,
    fulfillmentId: line!.fulfillmentId,
    binCode: bin!.code,
    sku: product.sku,
  };
}

/**
 * Real objects of two warehouses for the warehouse-scope matrix (SEC-P1-02): EAST has an open
 * picklist with a pending line, a fulfillment at the pack station, a parcel waiting for its
 * label and a labelled parcel ready at the dock; WEST has an open picklist of its own (to hand
 * to another warehouse's picker).
 */
export async function eastAndWestObjects(db: Db) {
  const [east, west] = await Promise.all(["EAST", "WEST"].map(async (code) => (await db.select().from(warehouses).where(eq(warehouses.code, code)))[0]!));
  const managerOf = async (site: Site) => (await db.select().from(users).where(eq(users.email, `manager.${site.toLowerCase()}@depot.test`)))[0]!;
  const [eastManager, westManager] = [await managerOf("EAST"), await managerOf("WEST")];
  const [eastPicker] = await db.select().from(users).where(eq(users.email, "picker.east@depot.test"));
  const [westPicker] = await db.select().from(users).where(eq(users.email, "picker.west@depot.test"));

  const picking = await openPicklist(db, "EAST", eastManager.id);
  const westPicking = await openPicklist(db, "WEST", westManager.id);
  const packing = await orderBeingPacked(db, ["EAST"]);
  const waiting = await orderBeingPacked(db, ["EAST"]);
  const waitingShipment = await pack(db, waiting.fulfillments[0]!.id);
  const ready = await orderBeingPacked(db, ["EAST"]);
  const readyShipment = await pack(db, ready.fulfillments[0]!.id);
  const label = await requestLabel(db, readyShipment.id, "test");
  if (label.status !== "labelled") throw new Error(`the EAST test parcel got no label: ${label.status}`);

  return {
    east: {
      warehouseId: east!.id,
      pickerId: eastPicker!.id,
      ...picking,
      packingFulfillmentId: packing.fulfillments[0]!.id,
      packingVersion: packing.fulfillments[0]!.version,
      packingOrderNumber: packing.order.number,
      packingSku: packing.products[0]!.sku,
      waitingShipmentId: waitingShipment.id,
      readyFulfillmentId: ready.fulfillments[0]!.id,
      readyShipmentId: readyShipment.id,
      trackingNumber: label.shipment.trackingNumber!,
      orderIds: [picking.orderId, packing.order.id, waiting.order.id, ready.order.id],
      fulfillmentIds: [picking.fulfillmentId, packing.fulfillments[0]!.id, waiting.fulfillments[0]!.id, ready.fulfillments[0]!.id],
    },
    west: { warehouseId: west!.id, pickerId: westPicker!.id, ...westPicking },
  };
}

export type WarehouseObjects = Awaited<ReturnType<typeof eastAndWestObjects>>;

/** What any call could have changed about these objects: their rows, history, events and audit entries. */
export async function stateOf(db: Db, o: WarehouseObjects) {
  const picklistIds = [o.east.picklistId, o.west.picklistId];
  const fulfillmentIds = [...o.east.fulfillmentIds, o.west.fulfillmentId];
  const orderIds = [...o.east.orderIds, o.west.orderId];
  const lineIds = (await db.select({ id: picklistLines.id }).from(picklistLines).where(inArray(picklistLines.picklistId, picklistIds))).map((l) => l.id);
  const shipmentIds = (await db.select({ id: shipments.id }).from(shipments).where(inArray(shipments.fulfillmentId, fulfillmentIds))).map((s) => s.id);
  const aggregates = [...picklistIds, ...fulfillmentIds, ...orderIds, ...shipmentIds, o.east.waveId, o.west.waveId];
  return {
    waves: await db.select().from(waves).where(inArray(waves.id, [o.east.waveId, o.west.waveId])).orderBy(asc(waves.id)),
    picklists: await db.select().from(picklists).where(inArray(picklists.id, picklistIds)).orderBy(asc(picklists.id)),
    lines: await db.select().from(picklistLines).where(inArray(picklistLines.id, lineIds)).orderBy(asc(picklistLines.id)),
    confirmations: await db.select().from(pickConfirmations).where(inArray(pickConfirmations.lineId, lineIds)).orderBy(asc(pickConfirmations.id)),
    orders: await db.select().from(orders).where(inArray(orders.id, orderIds)).orderBy(asc(orders.id)),
    reservations: await db.select().from(reservations).where(inArray(reservations.orderId, orderIds)).orderBy(asc(reservations.id)),
    fulfillments: await db.select().from(fulfillments).where(inArray(fulfillments.id, fulfillmentIds)).orderBy(asc(fulfillments.id)),
    items: await db.select().from(fulfillmentItems).where(inArray(fulfillmentItems.fulfillmentId, fulfillmentIds)).orderBy(asc(fulfillmentItems.id)),
    fulfillmentHistory: await db.select().from(fulfillmentStatusHistory).where(inArray(fulfillmentStatusHistory.fulfillmentId, fulfillmentIds)).orderBy(asc(fulfillmentStatusHistory.id)),
    qc: await db.select().from(qcChecks).where(inArray(qcChecks.fulfillmentId, fulfillmentIds)).orderBy(asc(qcChecks.id)),
    shipments: await db.select().from(shipments).where(inArray(shipments.id, shipmentIds)).orderBy(asc(shipments.id)),
    shipmentHistory: await db.select().from(shipmentHistory).where(inArray(shipmentHistory.shipmentId, shipmentIds)).orderBy(asc(shipmentHistory.id)),
    outbox: await db.select().from(outbox).where(inArray(outbox.aggregateId, aggregates)).orderBy(asc(outbox.id)),
    audit: await db.select().from(auditLog).where(or(inArray(auditLog.targetId, aggregates), inArray(auditLog.orderId, orderIds))).orderBy(asc(auditLog.id)),
  };
}
