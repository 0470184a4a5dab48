import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillmentStatuses, fulfillmentStatusHistory, fulfillments, orders, reservations, warehouses, type FulfillmentStatus } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { DomainError } from "@/server/lib/errors";
import { confirmPaidOrder } from "@/server/orders/payment-outcomes";
import { setFlushNotifier } from "@/server/outbox/flush";
import { canMoveFulfillment, transitionFulfillment } from "./status";
import { confirmedOrder, placedOrder } from "./testing";

const handle = testDb(4);
const db = handle.db;
beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** The only moves a fulfillment may make, written out here independently of the table in status.ts. */
const allowed: Record<FulfillmentStatus, FulfillmentStatus[]> = {
  pending: ["planning", "cancelled"],
  planning: ["picking", "pending", "cancelled"],
  picking: ["picked", "pick_failed", "cancelled"],
  pick_failed: ["picking", "cancelled"],
  picked: ["packing", "cancelled"],
  packing: ["packed", "pack_failed", "cancelled"],
  pack_failed: ["packing", "cancelled"],
  packed: ["ready", "cancelled"],
  ready: ["shipped", "cancelled"],
  shipped: ["completed"],
  completed: [],
  cancelled: [],
};

describe("fulfillment state machine (FUL-P0-02)", () => {
  it("allows exactly the listed moves: nothing backwards, nothing out of completed or cancelled, no cancel after shipping", () => {
    for (const from of fulfillmentStatuses) for (const to of fulfillmentStatuses) expect({ from, to, ok: canMoveFulfillment(from, to) }).toEqual({ from, to, ok: allowed[from].includes(to) });
    expect(canMoveFulfillment("completed", "picking")).toBe(false);
  });

  it("refuses every invalid move on a stored fulfillment and leaves it untouched", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const { fulfillments: [f] } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    for (const from of fulfillmentStatuses) {
      await db.update(fulfillments).set({ status: from }).where(eq(fulfillments.id, f!.id));
      const [before] = await db.select().from(fulfillments).where(eq(fulfillments.id, f!.id));
      for (const to of fulfillmentStatuses.filter((s) => !allowed[from].includes(s))) {
        const error = await transaction((tx) => transitionFulfillment(tx, f!.id, { to, reason: "test", actor: "test" }), db).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, `${from} → ${to}`).toBeInstanceOf(DomainError);
        expect((error as DomainError).details?.reason).toBe("invalid_transition");
      }
      const [after] = await db.select().from(fulfillments).where(eq(fulfillments.id, f!.id));
      expect(after).toEqual(before);
    }
    const history = await db.select().from(fulfillmentStatusHistory).where(eq(fulfillmentStatusHistory.fulfillmentId, f!.id));
    expect(history).toHaveLength(1); // only its creation
  });

  it("refuses a move made from a stale version", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const { fulfillments: [f] } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const move = () => transaction((tx) => transitionFulfillment(tx, f!.id, { to: "planning", reason: "test", actor: "test", expectedVersion: f!.version }), db);
    await move();
    await expect(move()).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("fulfillment creation (P0-1 of the fulfillment review)", () => {
  it("creates the fulfillments of a three-warehouse order together or not at all", async () => {
    const east = await createTestProduct(db, { stock: { EAST: 5 } });
    const central = await createTestProduct(db, { stock: { CENTRAL: 5 } });
    const west = await createTestProduct(db, { stock: { WEST: 5 } });
    const order = await placedOrder(db, [east, central, west].map((p) => ({ sku: p.sku, quantity: 1 })));
    const warehousesHeld = await db.selectDistinct({ w: reservations.warehouseId }).from(reservations).where(eq(reservations.orderId, order.id));
    expect(warehousesHeld).toHaveLength(3);

    // The third warehouse's fulfillment fails to insert.
    const [{ id: westId }] = (await db.select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, "WEST"))) as [{ id: string }];
    await db.execute(
      sql.raw(`
      create or replace function depot_test_block_fulfillment() returns trigger language plpgsql as $$
      begin
        if new.warehouse_id = '${westId}' then raise exception 'fulfillment insert blocked by test'; end if;
        return new;
      end $$;
      create trigger depot_test_block_fulfillment before insert on fulfillments for each row execute function depot_test_block_fulfillment();`),
    );
    try {
      await expect(transaction((tx) => confirmPaidOrder(tx, order.id, "test"), db)).rejects.toThrow();
      expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toEqual([]);
      const [still] = await db.select().from(orders).where(eq(orders.id, order.id));
      expect(still!.status).toBe("pending_payment");
      const held = await db.select().from(reservations).where(eq(reservations.orderId, order.id));
      expect(held.every((r) => r.status === "active")).toBe(true);
    } finally {
      await db.execute(sql`drop trigger if exists depot_test_block_fulfillment on fulfillments; drop function if exists depot_test_block_fulfillment()`);
    }

    expect(await transaction((tx) => confirmPaidOrder(tx, order.id, "test"), db)).toBe("confirmed");
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toHaveLength(3);
  });
});
