import { and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { FulfillmentStatus } from "@/server/vocabulary/fulfillment";
import type { DbOrTx } from "@/db/client";
import { fulfillments, orders, picklists, shipments, warehouses, waves } from "@/db/schema";
import { moveTargets } from "@/server/picking/move";
import { livePicklists, pickersOf, shortPicks } from "@/server/picking/queries";
import type { WarehouseScope } from "@/server/auth";
import { previewRefunds } from "@/server/payments";
import { capacityToday, managedWarehouse } from "@/server/fulfillment";

/** Everything a warehouse manager runs the shift from, for one warehouse (see managedWarehouse). */
export async function managerBoard(db: DbOrTx, callerScope: WarehouseScope, requestedWarehouseId?: string) {
  const warehouse = await managedWarehouse(db, callerScope, requestedWarehouseId);
  const warehouseId = warehouse.id;
  const scope = { kind: "one" as const, warehouseId };
  const [byStatus, capacity, openWaves, breaches, manualQueue, picklistRows, shorts, pickers] = await Promise.all([
    db
      .select({ status: fulfillments.status, n: count() })
      .from(fulfillments)
      .where(and(eq(fulfillments.warehouseId, warehouseId), sql`${fulfillments.status} not in ('completed', 'cancelled')`))
      .groupBy(fulfillments.status),
    capacityToday(db),
    db
      .select({
        id: waves.id,
        number: waves.number,
        createdAt: waves.createdAt,
        picklists: count(picklists.id),
        done: sql<number>`count(${picklists.id}) filter (where ${picklists.status} in ('completed', 'cancelled'))::int`,
      })
      .from(waves)
      .leftJoin(picklists, eq(picklists.waveId, waves.id))
      .where(and(eq(waves.warehouseId, warehouseId), eq(waves.status, "open")))
      .groupBy(waves.id)
      .orderBy(asc(waves.createdAt)),
    db
      .select({ fulfillmentId: fulfillments.id, orderNumber: orders.number, status: fulfillments.status, createdAt: fulfillments.createdAt, breachedAt: fulfillments.slaBreachedAt })
      .from(fulfillments)
      .innerJoin(orders, eq(orders.id, fulfillments.orderId))
      .where(
        and(eq(fulfillments.warehouseId, warehouseId), isNotNull(fulfillments.slaBreachedAt), sql`${fulfillments.status} not in ('shipped', 'completed', 'cancelled')`),
      )
      .orderBy(asc(fulfillments.createdAt))
      .limit(100),
    db
      .select({ shipmentId: shipments.id, orderNumber: orders.number, lastError: shipments.lastError, updatedAt: shipments.updatedAt })
      .from(shipments)
      .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
      .innerJoin(orders, eq(orders.id, shipments.orderId))
      .where(and(eq(fulfillments.warehouseId, warehouseId), inArray(shipments.status, ["manual"])))
      .orderBy(desc(shipments.updatedAt))
      .limit(100),
    livePicklists(db, scope),
    shortPicks(db, scope),
    pickersOf(db, warehouseId),
  ]);
  const targets = await moveTargets(
    db,
    shorts.map((s) => ({ lineId: s.lineId, productId: s.productId, warehouseId: s.warehouseId, missing: s.quantity - s.pickedQuantity, shippingAddress: s.shippingAddress })),
  );
  // What cancelling each short pick's missing units refunds (tax and discount shares included), for the manager to confirm.
  const refunds = await previewRefunds(
    db,
    shorts.map((s) => ({ orderId: s.orderId, units: [{ orderItemId: s.orderItemId, units: s.quantity - s.pickedQuantity }] })),
  );
  const today = capacity.find((c) => c.warehouseId === warehouseId)!;
  const counts = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])) as Partial<Record<FulfillmentStatus, number>>;
  const n = (status: FulfillmentStatus) => counts[status] ?? 0;
  return {
    warehouse,
    counts,
    figures: boardFigures({ n, picklists: picklistRows, slaBreaches: breaches.length, shortPicks: shorts.length, manualQueue: manualQueue.length }),
    capacity: { used: today.used, dailyCapacity: today.dailyCapacity, overCapacity: today.overCapacity },
    openWaves: openWaves.map((w) => ({ ...w, picklists: Number(w.picklists) })),
    slaBreaches: breaches,
    manualQueue,
    picklists: picklistRows,
    // Where the missing units could ship from instead; the customer's address stays on the server.
    shortPicks: shorts.map(({ shippingAddress: _address, productId: _product, warehouseId: _warehouse, orderId: _order, orderItemId: _item, ...s }, i) => ({
      ...s,
      refund: refunds[i]!.toFixed(2),
      moveTargets: targets.get(s.lineId) ?? [],
    })),
    pickers,
  };
}

/**
 * The board's headline figures. Those that summarise a list on the board are counted from that
 * very list, so a figure never contradicts the rows under it: "Picking" is the picklists a picker
 * has started (in progress), not fulfillments that merely sit on an open picklist.
 */
function boardFigures(input: { n: (status: FulfillmentStatus) => number; picklists: { status: string }[]; slaBreaches: number; shortPicks: number; manualQueue: number }) {
  const { n } = input;
  return {
    /** Fulfillments on no picklist yet. */
    waitingToPick: n("pending"),
    openPicklists: input.picklists.filter((p) => p.status === "open").length,
    picking: input.picklists.filter((p) => p.status === "in_progress").length,
    /** Picked and waiting at the pack station, or being packed. */
    packing: n("picked") + n("packing") + n("packed"),
    readyToShip: n("ready"),
    slaBreaches: input.slaBreaches,
    shortPicks: input.shortPicks,
    manualQueue: input.manualQueue,
  };
}

export type ManagerBoard = Awaited<ReturnType<typeof managerBoard>>;

/** The warehouses a board can show, by code. */
export function boardWarehouses(db: DbOrTx) {
  return db.select({ id: warehouses.id, code: warehouses.code, name: warehouses.name }).from(warehouses).orderBy(asc(warehouses.code));
}
