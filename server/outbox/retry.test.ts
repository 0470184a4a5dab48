import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, outbox } from "@/db/schema";
import { resetOutbox, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { authenticate } from "@/server/auth/authenticate";
import { testBrowser } from "@/server/trpc/testing";
import { emit } from "./emit";
import { setFlushNotifier } from "./flush";
import { relayUntilEmpty, type RelayEvent } from "./relay";

const handle = testDb(12);
const db = handle.db;
let nudges = 0;

beforeAll(() => setFlushNotifier(async () => void nudges++));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});
beforeEach(async () => {
  await resetOutbox(db);
  nudges = 0;
});

async function opsCaller() {
  const user = await authenticate(db, "ops@depot.test", "depot-demo");
  if (!user) throw new Error("seeded ops user missing");
  return { user, caller: testBrowser(user).caller };
}

function collectingSender() {
  const delivered: RelayEvent[] = [];
  return { delivered, send: async (events: RelayEvent[]) => void delivered.push(...events) };
}

const failing = async () => {
  throw new Error("inngest unreachable");
};

/** A committed event the relay gave up on: one failed send with maxAttempts 1 (DLQ nobody could replay, INT-P1-02). */
async function failedEvent(name: "customer/registered" = "customer/registered") {
  const userId = randomUUID();
  const { id } = await transaction((tx) =>
    emit(tx, { name, aggregateId: userId, payload: { userId, email: `${userId.slice(0, 8)}@example.com`, name: "Retry Test" } }),
  db);
  const result = await relayUntilEmpty(db, { send: failing, batchSize: 100, maxAttempts: 1 });
  expect(result.failed).toBeGreaterThanOrEqual(1);
  return id;
}

const auditsOf = (targetType: string, targetId: string) =>
  db.select().from(auditLog).where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId)));

describe("retrying a failed outbox event", () => {
  it("puts it back to pending, due now, attempts kept; the relay then delivers it under its own id", async () => {
    const id = await failedEvent();
    const [failed] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastError: "inngest unreachable" });
    expect(failed!.availableAt.getTime()).toBeGreaterThan(Date.now());

    // Failed events are never claimed by the relay on their own.
    const idle = collectingSender();
    await relayUntilEmpty(db, { send: idle.send, batchSize: 100, maxAttempts: 10 });
    expect(idle.delivered).toHaveLength(0);

    const { user, caller } = await opsCaller();
    nudges = 0;
    const result = await caller.events.retry({ eventId: id });
    expect(result).toEqual({ retried: true, status: "pending", message: "The customer/registered event is queued to be sent again." });
    expect(nudges).toBe(1); // the relay is nudged after commit, not left to its cron
    const [pending] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending!.availableAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const audits = await auditsOf("outbox_event", id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "outbox.retry", actorId: user.id, actorRole: "ops", details: { name: "customer/registered", attempts: 1, lastError: "inngest unreachable" } });

    const sink = collectingSender();
    const relayed = await relayUntilEmpty(db, { send: sink.send, batchSize: 100, maxAttempts: 10 });
    expect(relayed.sent).toBe(1);
    expect(sink.delivered.map((e) => e.id)).toEqual([id]);
    expect(sink.delivered[0]!.data.meta.outboxId).toBe(id);
    const [sent] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(sent).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("a second retry is a no-op with a clear message: one effect, one audit row, one delivery", async () => {
    const id = await failedEvent();
    const { caller } = await opsCaller();
    expect((await caller.events.retry({ eventId: id })).retried).toBe(true);
    nudges = 0;
    expect(await caller.events.retry({ eventId: id })).toEqual({
      retried: false,
      status: "pending",
      message: "This event is already waiting to be sent; there is nothing to retry.",
    });
    expect(nudges).toBe(0);

    const sink = collectingSender();
    await relayUntilEmpty(db, { send: sink.send, batchSize: 100, maxAttempts: 10 });
    expect(await caller.events.retry({ eventId: id })).toEqual({ retried: false, status: "sent", message: "This event has been sent since; there is nothing to retry." });
    const again = collectingSender();
    await relayUntilEmpty(db, { send: again.send, batchSize: 100, maxAttempts: 10 });
    expect(sink.delivered.map((e) => e.id)).toEqual([id]);
    expect(again.delivered).toHaveLength(0);
    expect(await auditsOf("outbox_event", id)).toHaveLength(1);
  });

  it("two operators retrying at once (many connections) make one effect and one audit row", async () => {
    const id = await failedEvent();
    const { user } = await opsCaller();
    const results = await Promise.all(Array.from({ length: 8 }, () => testBrowser(user).caller.events.retry({ eventId: id })));
    expect(results.filter((r) => r.retried)).toHaveLength(1);
    expect(results.filter((r) => !r.retried).every((r) => r.status === "pending")).toBe(true);
    expect(await auditsOf("outbox_event", id)).toHaveLength(1);
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
  });

  it("a retried event that fails again goes back to failed at once (attempts were kept)", async () => {
    const id = await failedEvent();
    const { caller } = await opsCaller();
    await caller.events.retry({ eventId: id });
    await relayUntilEmpty(db, { send: failing, batchSize: 100, maxAttempts: 1 });
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: "failed", attempts: 2, lastError: "inngest unreachable" });
  });

  it("refuses an event that is not in the outbox", async () => {
    const { caller } = await opsCaller();
    await expect(caller.events.retry({ eventId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND", message: "This event is no longer in the outbox." });
    await expect(caller.events.retry({ eventId: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("retrying every failed event of a name", () => {
  it("retries only that name's failed events, in one audited step; a second click retries nothing", async () => {
    const ids = [await failedEvent(), await failedEvent(), await failedEvent()];
    // Another name's failure is left alone.
    const [other] = await db
      .insert(outbox)
      .values({ aggregateType: "test", aggregateId: randomUUID(), sequence: 1, name: "order/placed", schemaVersion: 1, payload: {}, status: "failed", attempts: 10, lastError: "x" })
      .returning({ id: outbox.id });
    const { user, caller } = await opsCaller();
    nudges = 0;
    expect(await caller.events.retryAllFailed({ name: "customer/registered" })).toEqual({
      retried: 3,
      message: "3 failed customer/registered events are queued to be sent again.",
    });
    expect(nudges).toBe(1);
    const rows = await db.select({ id: outbox.id, status: outbox.status }).from(outbox);
    expect(rows.filter((r) => ids.includes(r.id)).every((r) => r.status === "pending")).toBe(true);
    expect(rows.find((r) => r.id === other!.id)!.status).toBe("failed");

    const audits = await auditsOf("outbox_event_name", "customer/registered");
    const mine = audits.filter((a) => (a.details.ids as string[]).some((x) => ids.includes(x)));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ action: "outbox.retry_all", actorId: user.id, details: { count: 3, idsTruncated: false } });
    expect((mine[0]!.details.ids as string[]).sort()).toEqual([...ids].sort());

    expect(await caller.events.retryAllFailed({ name: "customer/registered" })).toEqual({ retried: 0, message: "No failed customer/registered events to retry." });
    expect((await auditsOf("outbox_event_name", "customer/registered")).length).toBe(audits.length);

    const sink = collectingSender();
    await relayUntilEmpty(db, { send: sink.send, batchSize: 100, maxAttempts: 10 });
    expect(sink.delivered.map((e) => e.id).sort()).toEqual([...ids].sort());
  });
});

describe("the outbox event list and throughput", () => {
  it("pages pending and failed events oldest first with a keyset cursor, filtered by name and status", async () => {
    const failedIds = [await failedEvent(), await failedEvent()];
    const values = Array.from({ length: 5 }, (_, i) => ({
      aggregateType: "test",
      aggregateId: randomUUID(),
      sequence: 1,
      name: i % 2 === 0 ? "order/placed" : "customer/registered",
      schemaVersion: 1,
      payload: { i },
    }));
    const pending = await db.insert(outbox).values(values).returning({ id: outbox.id });
    await db.insert(outbox).values({ aggregateType: "test", aggregateId: randomUUID(), sequence: 1, name: "order/placed", schemaVersion: 1, payload: {}, status: "sent", sentAt: sql`now()` });
    const { caller } = await opsCaller();

    const seen: string[] = [];
    let after: number | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await caller.events.list({ status: "open", limit: 3, after });
      seen.push(...result.rows.map((r) => r.id));
      if (result.nextCursor === null) break;
      after = result.nextCursor;
    }
    expect(seen).toEqual([...failedIds, ...pending.map((p) => p.id)]);

    const failed = await caller.events.list({ status: "failed" });
    expect(failed.rows.map((r) => r.id)).toEqual(failedIds);
    expect(failed.rows[0]).toMatchObject({ status: "failed", attempts: 1, lastError: "inngest unreachable", name: "customer/registered" });
    expect(failed.rows[0]!.payload).toMatchObject({ name: "Retry Test" });
    expect(failed.nextCursor).toBeNull();

    const placed = await caller.events.list({ status: "pending", name: "order/placed" });
    expect(placed.rows.map((r) => r.id)).toEqual([pending[0]!.id, pending[2]!.id, pending[4]!.id]);
  });

  it("counts sent in the last hour and 24 h, pending and failed per event name, every catalog name listed", async () => {
    await failedEvent();
    const sent = (at: ReturnType<typeof sql>) => ({ aggregateType: "test", aggregateId: randomUUID(), sequence: 1, name: "order/placed", schemaVersion: 1, payload: {}, status: "sent" as const, sentAt: at });
    await db.insert(outbox).values([sent(sql`now() - interval '10 minutes'`), sent(sql`now() - interval '3 hours'`), sent(sql`now() - interval '3 days'`)]);
    await db.insert(outbox).values({ aggregateType: "test", aggregateId: randomUUID(), sequence: 1, name: "legacy/renamed", schemaVersion: 1, payload: {} });
    const { caller } = await opsCaller();
    const rows = await caller.events.throughput();
    expect(rows.find((r) => r.name === "order/placed")).toEqual({ name: "order/placed", inCatalog: true, sentLastHour: 1, sentLastDay: 2, pending: 0, failed: 0 });
    expect(rows.find((r) => r.name === "customer/registered")).toEqual({ name: "customer/registered", inCatalog: true, sentLastHour: 0, sentLastDay: 0, pending: 0, failed: 1 });
    expect(rows.find((r) => r.name === "legacy/renamed")).toEqual({ name: "legacy/renamed", inCatalog: false, sentLastHour: 0, sentLastDay: 0, pending: 1, failed: 0 });
    expect(rows.find((r) => r.name === "shipment/status-changed")).toMatchObject({ sentLastDay: 0, pending: 0, failed: 0 });
    await db.delete(outbox).where(inArray(outbox.name, ["legacy/renamed"]));
  });
});
