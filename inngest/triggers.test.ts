import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEventName, DomainEventPayload } from "@/server/vocabulary/events";
import type { LocalExecutor } from "@/inngest/local-executor";
import { testExecutor } from "@/inngest/local-executor/testing";

/**
 * The status consumers trigger on one move only (movedTo → the trigger's `if`). Through the local
 * executor with the app's served functions: another move starts no run of them, their move does.
 * The matching events name entities that do not exist, so those runs find nothing to do; the
 * matching moves of order-confirm-on-payment and return-settle call the payment provider and run
 * through the executor in order-saga.test.ts and server/returns/settle-failure.test.ts.
 */
const lines: string[] = [];
const record = (...a: unknown[]) => lines.push(a.map(String).join(" "));
let executor: LocalExecutor;

beforeAll(async () => {
  executor = await testExecutor({ logger: { info: record, warn: record, error: record } });
});
afterAll(async () => {
  await executor.drain(30_000).catch(() => undefined);
  await executor.stop();
});

let sequence = 0;
function event<N extends DomainEventName>(name: N, payload: DomainEventPayload<N>) {
  const id = randomUUID();
  const meta = { outboxId: id, aggregateType: name.split("/")[0]!, aggregateId: randomUUID(), sequence: ++sequence, schemaVersion: 1, occurredAt: new Date().toISOString() };
  return { id, name, data: { meta, payload } };
}

/** Sends one event and returns, per function, the runs it started (every function's without a name). */
async function runsStartedBy(sent: { id: string; name: string; data: unknown }) {
  await executor.send([sent]);
  await executor.drain(30_000);
  const runs = executor.runs().filter((r) => r.eventId === sent.id);
  return (fn?: string) => runs.filter((r) => fn === undefined || r.functionId === `depot-${fn}`);
}

const orderMove = (to: DomainEventPayload<"order/status-changed">["to"]) =>
  event("order/status-changed", { orderId: randomUUID(), number: "ORD-TRIGGER", from: "processing", to, reason: "test", actor: "test" });
const fulfillmentMove = (to: DomainEventPayload<"fulfillment/status-changed">["to"]) =>
  event("fulfillment/status-changed", { fulfillmentId: randomUUID(), orderId: randomUUID(), warehouseId: randomUUID(), from: "packing", to, reason: "test", actor: "test" });
const paymentMove = (to: DomainEventPayload<"payment/status-changed">["to"], intentId: string | null = `pi_${randomUUID()}`) =>
  event("payment/status-changed", { paymentId: randomUUID(), orderId: randomUUID(), intentId, from: "processing", to, reason: "test" });

describe("status consumers start runs only for their move (trigger `if` in the local executor)", () => {
  it("registers every trigger expression as one the local executor evaluates", () => {
    expect(lines.some((l) => /registered \d+ functions/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes("never fires"))).toEqual([]);
  });

  it("order moves: only a cancellation starts the payment settlement and the shipment cancel", async () => {
    const confirmed = await runsStartedBy(orderMove("confirmed"));
    expect(confirmed("payment-settle-on-cancel")).toEqual([]);
    expect(confirmed("shipment-cancel-on-order-cancel")).toEqual([]);

    const cancelled = await runsStartedBy(orderMove("cancelled"));
    expect(cancelled("payment-settle-on-cancel")).toMatchObject([{ status: "completed", output: { action: "none" } }]);
    expect(cancelled("shipment-cancel-on-order-cancel")).toMatchObject([{ status: "completed", output: { cancelled: 0 } }]);
  });

  it("fulfillment moves: a cancellation starts the order status sync, a shipment the stock commit, others neither", async () => {
    const picking = await runsStartedBy(fulfillmentMove("picking"));
    expect(picking("order-status-on-fulfillment-cancel")).toEqual([]);
    expect(picking("stock-commit-on-shipment")).toEqual([]);

    const cancelled = await runsStartedBy(fulfillmentMove("cancelled"));
    expect(cancelled("order-status-on-fulfillment-cancel")).toMatchObject([{ status: "completed", output: { orderStatus: null } }]);
    expect(cancelled("stock-commit-on-shipment")).toEqual([]);

    const shipped = await runsStartedBy(fulfillmentMove("shipped"));
    expect(shipped("stock-commit-on-shipment")).toMatchObject([{ status: "completed", output: { status: "applied", result: { lines: 0, units: 0 } } }]);
    expect(shipped("order-status-on-fulfillment-cancel")).toEqual([]);
  });

  it("payment moves: an authorization without an intent, or another move, starts nothing; a failure (the customer may try another card, issue 12 item 2) only its mail (issue 14)", async () => {
    for (const move of [paymentMove("processing"), paymentMove("authorized", null)]) {
      const runs = await runsStartedBy(move);
      expect(runs().map((r) => r.functionId)).toEqual([]);
    }
    const failed = await runsStartedBy(paymentMove("failed"));
    expect(failed().map((r) => r.functionId)).toEqual(["depot-mail-payment-failed"]);
  });

  it("refund moves: a cancelled order's or a short pick's refund starts its mail, a return's refund (its own mail) or a move with no refund does not (issue 14)", async () => {
    const refunded = (to: "partially_refunded" | "refunded", kind: "short_pick" | "cancel" | "return" | null) => {
      const move = paymentMove(to);
      const refund = kind && { id: randomUUID(), kind, amount: "5.0000", currency: "USD" };
      return { ...move, data: { ...move.data, payload: { ...move.data.payload, from: "captured" as const, refund } } };
    };
    for (const [to, kind] of [["partially_refunded", "short_pick"], ["refunded", "cancel"]] as const) {
      const runs = await runsStartedBy(refunded(to, kind));
      expect(runs().map((r) => r.functionId)).toEqual(["depot-mail-order-refunded"]);
    }
    for (const [to, kind] of [["partially_refunded", "return"], ["refunded", "return"], ["refunded", null]] as const) {
      const runs = await runsStartedBy(refunded(to, kind));
      expect(runs().map((r) => r.functionId)).toEqual([]);
    }
  });

  it("return moves other than received start no settlement", async () => {
    const approved = await runsStartedBy(
      event("return/status-changed", { returnId: randomUUID(), number: "RET-TRIGGER", orderId: randomUUID(), kind: "refund", from: "requested", to: "approved", reason: "test", actor: "test" }),
    );
    expect(approved("return-settle")).toEqual([]);
  });
});
