import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillmentStatuses, type FulfillmentStatus, canMoveFulfillment } from "@/server/vocabulary/fulfillment";
import { fulfillmentStatusHistory, fulfillments, orders, outbox, reservations, warehouses } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { DomainError } from "@/server/lib/errors";
import { confirmPaidOrder } from "@/server/checkout/payment-outcomes";
import { setFlushNotifier } from "@/server/outbox/flush";
import { transitionFulfillment } from "./status";
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

describe("fulfillment creation (004 P0-1)", () => {
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

/**
 * Makes the outbox refuse one event, as a broker or disk would: a trigger (dropped by the
 * returned function) raises on inserting an outbox row `name` whose payload[`field`] is `value`.
 */
async function refuseEvent(name: string, field: string, value: string): Promise<() => Promise<void>> {
  await db.execute(
    sql.raw(`
    create or replace function depot_test_refuse_event() returns trigger language plpgsql as $$
    begin
      if new.name = '${name}' and new.payload->>'${field}' = '${value}' then raise exception 'outbox insert refused by test'; end if;
      return new;
    end $$;
    create trigger depot_test_refuse_event before insert on outbox for each row execute function depot_test_refuse_event();`),
  );
  return async () => {
    await db.execute(sql`drop trigger if exists depot_test_refuse_event on outbox; drop function if exists depot_test_refuse_event()`);
  };
}

const eventsOf = (aggregateId: string) => db.select().from(outbox).where(eq(outbox.aggregateId, aggregateId));

describe("fulfillment writes and their events commit together (004 P0-2, issue 13)", () => {
  it("004 P0-2 (issue 13): an order's fulfillments are created with their fulfillment/created events, or neither is", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const allow = await refuseEvent("fulfillment/created", "orderId", order.id);
    try {
      await expect(transaction((tx) => confirmPaidOrder(tx, order.id, "test"), db)).rejects.toThrow();
    } finally {
      await allow();
    }
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toEqual([]);
    expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("pending_payment");

    expect(await transaction((tx) => confirmPaidOrder(tx, order.id, "test"), db)).toBe("confirmed");
    const [made] = await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    expect((await eventsOf(made!.id)).map((e) => [e.name, e.status])).toEqual([["fulfillment/created", "pending"]]);
  });

  it("004 P0-2 (issue 13): a fulfillment's status move is written with its history row and fulfillment/status-changed event, or none of them is", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const { fulfillments: [f] } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const move = () => transaction((tx) => transitionFulfillment(tx, f!.id, { to: "planning", reason: "test", actor: "test" }), db);
    const written = async () => ({
      fulfillment: await db.select().from(fulfillments).where(eq(fulfillments.id, f!.id)),
      history: await db.select().from(fulfillmentStatusHistory).where(eq(fulfillmentStatusHistory.fulfillmentId, f!.id)),
      events: await eventsOf(f!.id),
    });
    const before = await written();

    // The event cannot be written: the move is not made either.
    const allow = await refuseEvent("fulfillment/status-changed", "fulfillmentId", f!.id);
    try {
      await expect(move()).rejects.toThrow();
    } finally {
      await allow();
    }
    expect(await written()).toEqual(before);

    // The move's transaction fails after the event was written: the event is gone with it.
    await expect(
      transaction(async (tx) => {
        await transitionFulfillment(tx, f!.id, { to: "planning", reason: "test", actor: "test" });
        throw new Error("a later write of the same operation failed");
      }, db),
    ).rejects.toThrow("a later write");
    expect(await written()).toEqual(before);

    await move();
    const after = await written();
    expect(after.fulfillment).toMatchObject([{ status: "planning" }]);
    expect(after.history).toHaveLength(before.history.length + 1);
    expect(after.events.filter((e) => e.name === "fulfillment/status-changed").map((e) => e.payload)).toMatchObject([{ fulfillmentId: f!.id, from: "pending", to: "planning" }]);
  });
});
