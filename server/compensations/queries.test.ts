import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompensationOperation, CompensationStatus } from "@/server/vocabulary/compensations";
import { auditLog, compensationAttempts, failedCompensations, type Order } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { placedOrder } from "@/server/fulfillment/testing";
import { DomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";
import { discardCompensation } from "./discard";
import { compensationCounts, compensationDetail, listCompensations } from "./queries";
import { dueCompensations } from "./retry";
import { replayCompensations } from "./replay";

const handle = testDb(4);
const db = handle.db;
let ops: SessionUser;
let order: Order;

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  const product = await createTestProduct(db, { stock: { EAST: 5 } });
  order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

async function aCompensation(operation: CompensationOperation, status: CompensationStatus, createdAt: string, orderId: string | null = order.id) {
  const [row] = await db
    .insert(failedCompensations)
    .values({ operation, orderId, status, metadata: { paymentId: "p", intentId: `pi_${operation}` }, lastError: `${operation} failed`, attempts: 3, createdAt: sql`${createdAt}::timestamptz` })
    .returning();
  return row!;
}

describe("the failed-compensation list (DLQ)", () => {
  it("filters by order, operation, status and age, newest first, with keyset pages that neither skip nor repeat", async () => {
    const now = (await db.execute<{ now: string }>(sql`select now()::text as now`))[0]!.now;
    const at = (interval: string) => sql`${now}::timestamptz - ${interval}::interval`;
    const stamp = async (interval: string) => (await db.execute<{ t: string }>(sql`select (${at(interval)})::text as t`))[0]!.t;
    const tied = await stamp("10 minutes");
    const rows = [
      await aCompensation("refund", "pending", await stamp("5 hours")),
      await aCompensation("void_authorization", "exhausted", await stamp("3 hours")),
      // Two in the very same microsecond: the id breaks the tie, and a page may end between them.
      await aCompensation("refund", "pending", tied),
      await aCompensation("refund", "resolved", tied),
      await aCompensation("release_reservations", "pending", await stamp("1 minute")),
    ];
    const expected = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);

    const all = await listCompensations(db, { orderNumber: order.number, limit: 50 });
    expect(all.items.map((r) => r.id)).toEqual(expected);
    expect(all.items[0]).toMatchObject({ orderNumber: order.number, lastError: expect.stringMatching(/failed$/), replayPending: false });
    expect(all.nextCursor).toBeNull();

    // Pages of two: the same rows in the same order.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listCompensations(db, { orderNumber: order.number, cursor, limit: 2 });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);

    // A lower-case order number with spaces is the same order.
    expect((await listCompensations(db, { orderNumber: ` ${order.number.toLowerCase()} `, limit: 50 })).items).toHaveLength(5);
    const refundsPending = await listCompensations(db, { orderNumber: order.number, operation: "refund", status: "pending", limit: 50 });
    expect(refundsPending.items.map((r) => r.id)).toEqual(expected.filter((id) => [rows[0]!.id, rows[2]!.id].includes(id)));
    const older = await listCompensations(db, { orderNumber: order.number, olderThanHours: 2, limit: 50 });
    expect(older.items.map((r) => r.id)).toEqual([rows[1]!.id, rows[0]!.id]);
    expect((await listCompensations(db, { orderNumber: "D0", limit: 50 })).items).toEqual([]);

    // Through the router, as the console calls it.
    const viaRouter = await testBrowser(ops).caller.compensations.list({ orderNumber: order.number, status: "exhausted" });
    expect(viaRouter.items.map((r) => r.id)).toEqual([rows[1]!.id]);
  });

  it("with only a status or only an operation (one index range per value of the other, merged) pages in the same order as a plain sort", async () => {
    const now = Date.now();
    for (let i = 0; i < 6; i++) {
      await aCompensation(i % 2 ? "restock" : "payment_capture", i % 3 ? "exhausted" : "discarded", new Date(now - i * 1000).toISOString(), null);
    }
    const walk = async (filter: { status?: CompensationStatus; operation?: CompensationOperation }) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCompensations(db, { ...filter, cursor, limit: 3 });
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const sorted = async (where: ReturnType<typeof sql>) =>
      (await db.execute<{ id: string }>(sql`select id from failed_compensations where ${where} order by created_at desc, id desc`)).map((r) => r.id);
    expect(await walk({ status: "exhausted" })).toEqual(await sorted(sql`status = 'exhausted'`));
    expect(await walk({ operation: "restock" })).toEqual(await sorted(sql`operation = 'restock'`));
    expect(await walk({ status: "discarded", operation: "payment_capture" })).toEqual(await sorted(sql`status = 'discarded' and operation = 'payment_capture'`));
  });

  it("refuses a tampered page cursor with a readable message", async () => {
    await expect(listCompensations(db, { cursor: "bm90LWEtY3Vyc29y", limit: 5 })).rejects.toThrow(DomainError);
    await expect(testBrowser(ops).caller.compensations.list({ cursor: "garbage" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "That page link is no longer valid. Start from the first page.",
    });
  });

  it("counts by operation and status for the dashboard", async () => {
    const before = await compensationCounts(db);
    const count = (rows: typeof before, operation: string, status: string) => rows.find((r) => r.operation === operation && r.status === status)?.count ?? 0;
    await aCompensation("cancel_shipment", "exhausted", new Date().toISOString());
    await aCompensation("cancel_shipment", "exhausted", new Date().toISOString());
    await aCompensation("restock", "pending", new Date().toISOString());
    const after = await compensationCounts(db);
    expect(count(after, "cancel_shipment", "exhausted") - count(before, "cancel_shipment", "exhausted")).toBe(2);
    expect(count(after, "restock", "pending") - count(before, "restock", "pending")).toBe(1);
  });

  it("shows one compensation with its metadata, order number and every attempt's error", async () => {
    const row = await aCompensation("void_authorization", "pending", new Date().toISOString());
    await db.insert(compensationAttempts).values([
      { compensationId: row.id, attempt: 4, trigger: "cron", outcome: "failed", error: "card processor timeout" },
      { compensationId: row.id, attempt: 5, trigger: "replay", actorId: ops.id, outcome: "failed", error: "provider unavailable" },
    ]);
    const detail = await testBrowser(ops).caller.compensations.detail({ id: row.id });
    expect(detail).toMatchObject({ id: row.id, operation: "void_authorization", attempts: 3, orderNumber: order.number, metadata: { intentId: "pi_void_authorization" }, discardReason: null });
    expect(detail.attemptHistory.map((a) => [a.attempt, a.trigger, a.actorEmail, a.error])).toEqual([
      [5, "replay", "ops@depot.test", "provider unavailable"],
      [4, "cron", null, "card processor timeout"],
    ]);
    await expect(compensationDetail(db, crypto.randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("discarding a failed compensation", () => {
  it("needs a reason of at least 5 characters", async () => {
    const row = await aCompensation("refund", "exhausted", new Date().toISOString());
    const { caller } = testBrowser(ops);
    await expect(caller.compensations.discard({ id: row.id, reason: "  ok  " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Say why it is discarded, in at least 5 characters"),
    });
    await expect(transaction((tx) => discardCompensation(tx, { id: row.id, reason: "meh " }, ops), db)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await db.select().from(failedCompensations).where(eq(failedCompensations.id, row.id)))[0]!.status).toBe("exhausted");
  });

  it("marks it discarded with the reason and the operator, audited in the same transaction; the cron and replays leave it alone", async () => {
    const row = await aCompensation("refund", "pending", new Date(Date.now() - 3_600_000).toISOString());
    const { caller } = testBrowser(ops);
    const discarded = await caller.compensations.discard({ id: row.id, reason: "Refunded by hand in the Stripe dashboard" });
    expect(discarded).toMatchObject({ status: "discarded", discardReason: "Refunded by hand in the Stripe dashboard", discardedBy: ops.id });
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, row.id));
    expect(audit).toMatchObject([
      { action: "compensation.discard", actorId: ops.id, targetType: "failed_compensation", orderId: order.id, reason: "Refunded by hand in the Stripe dashboard", details: { fromStatus: "pending" } },
    ]);
    // One transaction: the audit row carries the transaction's now(), as does the discard.
    expect(audit[0]!.createdAt.getTime()).toBe(discarded.updatedAt.getTime());
    expect((await caller.compensations.detail({ id: row.id })).discardedByEmail).toBe("ops@depot.test");

    expect(await dueCompensations(db, 10_000)).not.toContain(row.id);
    expect(await transaction((tx) => replayCompensations(tx, [row.id], ops), db)).toEqual([{ id: row.id, outcome: "discarded" }]);
    await expect(caller.compensations.discard({ id: row.id, reason: "once more, with feeling" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This compensation was already discarded.",
    });
  });

  it("is refused for a compensation that already succeeded, and for one that does not exist", async () => {
    const row = await aCompensation("refund", "resolved", new Date().toISOString());
    const { caller } = testBrowser(ops);
    await expect(caller.compensations.discard({ id: row.id, reason: "not needed anymore" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This compensation has already succeeded, so there is nothing to discard.",
    });
    expect(await db.select().from(auditLog).where(eq(auditLog.targetId, row.id))).toEqual([]);
    await expect(caller.compensations.discard({ id: crypto.randomUUID(), reason: "not needed anymore" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
