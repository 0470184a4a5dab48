import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, compensationAttempts, failedCompensations, opsAlerts, outbox } from "@/db/schema";
import { testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import type { LocalExecutor } from "@/inngest/local-executor";
import { testExecutor } from "@/inngest/local-executor/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { SandboxGateway } from "@/server/payments/gateway";
import { gatewayWith } from "@/server/payments/gateway/testing";
import { usePaymentGateway } from "@/server/payments/gateway-instance";
import { testBrowser } from "@/server/trpc/testing";
import { recordFailedCompensation } from "./record";
import { replayCompensations } from "./replay";
import { MAX_COMPENSATION_ATTEMPTS } from "./retry";
import { retryCompensation } from "@/server/ops/retry-compensation";

/**
 * Ops replay of failed compensations (P0-2024-01, INT-P1-02): the request is audited and goes
 * through the outbox to the `compensation-replay` function, run here by the local executor with
 * the served functions, which performs the very retry the cron performs.
 */
const handle = testDb(12);
const db = handle.db;
const sandbox = new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });
/** Void calls by intent id; intents in `failing` are refused by the "provider". */
const voidCalls = new Map<string, number>();
const failing = new Set<string>();
const flaky = gatewayWith(sandbox, {
  cancel: async (id) => {
    voidCalls.set(id, (voidCalls.get(id) ?? 0) + 1);
    if (failing.has(id)) throw new Error("provider unavailable");
    return sandbox.cancel(id);
  },
});
let executor: LocalExecutor;
let ops: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  usePaymentGateway(flaky);
  setFlushNotifier(null);
  executor = await testExecutor();
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  admin = (await authenticate(db, "admin@depot.test", "depot-demo"))!;
});
afterAll(async () => {
  await settle();
  await executor.stop();
  usePaymentGateway(undefined);
  await sandbox.idle();
  await handle.close();
});
beforeEach(() => failing.clear());

/** Until the outbox and the functions have run out of work. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    await executor.send([{ name: "outbox/flush", data: {} }]);
    await executor.drain(30_000);
  }
}

/** A failed void of a real (sandbox) authorization. */
async function aFailedVoid(options: { attempts?: number; status?: "pending" | "exhausted" | "resolved" | "discarded"; fails?: boolean } = {}) {
  const intent = await sandbox.authorize({
    orderId: crypto.randomUUID(),
    orderNumber: "D1",
    amount: { amount: "25.00", currency: "USD" },
    paymentMethod: "4242424242424242",
    customerEmail: "replay@example.com",
  });
  if (options.fails) failing.add(intent.id);
  const row = await recordFailedCompensation(db, { operation: "void_authorization", orderId: null, metadata: { intentId: intent.id }, error: "timeout", attempts: options.attempts ?? 5 });
  if (options.status && options.status !== "pending") await db.update(failedCompensations).set({ status: options.status }).where(eq(failedCompensations.id, row.id));
  return { ...row, intentId: intent.id };
}

const rowOf = async (id: string) => (await db.select().from(failedCompensations).where(eq(failedCompensations.id, id)))[0]!;
const attemptsOf = (id: string) => db.select().from(compensationAttempts).where(eq(compensationAttempts.compensationId, id)).orderBy(compensationAttempts.attempt);
const auditOf = (id: string, action: string) => db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, action)));
const replayEventsOf = (id: string) => db.select().from(outbox).where(and(eq(outbox.name, "compensation/replay-requested"), eq(outbox.aggregateId, id)));
const replayRuns = (id: string) =>
  executor.runs().filter((r) => r.functionId.endsWith("compensation-replay") && (r.output as { compensationId?: string } | undefined)?.compensationId === id);

describe("replaying a failed compensation (INT-P1-02)", () => {
  it("runs through the compensation-replay function and succeeds after the cron's try failed", async () => {
    const row = await aFailedVoid({ fails: true });
    // The automatic retry fails: one attempt row, triggered by the cron.
    expect(await retryCompensation(db, flaky, row.id)).toBe("retry_later");
    failing.clear();

    const { caller } = testBrowser(ops);
    expect(await caller.compensations.replay({ ids: [row.id] })).toEqual([{ id: row.id, outcome: "queued" }]);
    // Queued: pending, held from the cron, the request audited and its event in the outbox.
    expect(await rowOf(row.id)).toMatchObject({ status: "pending", metadata: { intentId: row.intentId, replay: { requestedBy: ops.id, queued: true } } });
    expect(await auditOf(row.id, "compensation.replay")).toMatchObject([{ actorId: ops.id, actorEmail: "ops@depot.test", targetType: "failed_compensation" }]);
    await settle();

    expect(replayRuns(row.id)).toMatchObject([{ status: "completed", output: { outcome: "resolved" } }]);
    expect(await rowOf(row.id)).toMatchObject({ status: "resolved", attempts: 7 });
    expect((await sandbox.retrieve(row.intentId)).status).toBe("canceled");
    expect(await attemptsOf(row.id)).toMatchObject([
      { attempt: 6, trigger: "cron", actorId: null, outcome: "failed", error: "provider unavailable" },
      { attempt: 7, trigger: "replay", actorId: ops.id, outcome: "resolved", error: null },
    ]);
    const detail = await caller.compensations.detail({ id: row.id });
    expect(detail.attemptHistory.map((a) => [a.attempt, a.trigger, a.actorEmail, a.outcome])).toEqual([
      [7, "replay", "ops@depot.test", "resolved"],
      [6, "cron", null, "failed"],
    ]);
    // Replaying a resolved one again: nothing to do.
    expect(await caller.compensations.replay({ ids: [row.id] })).toEqual([{ id: row.id, outcome: "already_resolved" }]);
  });

  it("a redelivered replay event makes no second try", async () => {
    const row = await aFailedVoid({ fails: true });
    await testBrowser(ops).caller.compensations.replay({ ids: [row.id] });
    await settle();
    const [event] = await replayEventsOf(row.id);
    await executor.send([{ name: "compensation/replay-requested", data: { meta: { outboxId: event!.id, aggregateType: "compensation", aggregateId: row.id, sequence: event!.sequence, schemaVersion: 1, occurredAt: new Date().toISOString() }, payload: event!.payload } }]);
    await settle();
    expect(replayRuns(row.id).map((r) => (r.output as { outcome: string }).outcome).sort()).toEqual(["not_due", "retry_later"]);
    expect(voidCalls.get(row.intentId)).toBe(1);
    expect(await attemptsOf(row.id)).toHaveLength(1);
  });

  it("an exhausted compensation goes back to pending for the replay; its attempts continue, and it is exhausted again if it still fails", async () => {
    const row = await aFailedVoid({ attempts: MAX_COMPENSATION_ATTEMPTS, status: "exhausted", fails: true });
    const { caller } = testBrowser(ops);
    expect(await caller.compensations.replay({ ids: [row.id] })).toEqual([{ id: row.id, outcome: "queued" }]);
    expect((await rowOf(row.id)).status).toBe("pending");
    await settle();
    expect(await rowOf(row.id)).toMatchObject({ status: "exhausted", attempts: MAX_COMPENSATION_ATTEMPTS + 1, lastError: "provider unavailable" });
    // The alert was raised when it first ran out of attempts, not again for each replay.
    expect(await db.select().from(opsAlerts).where(sql`${opsAlerts.details}->>'compensationId' = ${row.id}`)).toEqual([]);

    // Once that try has finished, a new request is a new replay.
    failing.clear();
    expect(await caller.compensations.replay({ ids: [row.id] })).toEqual([{ id: row.id, outcome: "queued" }]);
    await settle();
    expect(await rowOf(row.id)).toMatchObject({ status: "resolved", attempts: MAX_COMPENSATION_ATTEMPTS + 2 });
    expect((await attemptsOf(row.id)).map((a) => [a.attempt, a.outcome])).toEqual([
      [MAX_COMPENSATION_ATTEMPTS + 1, "exhausted"],
      [MAX_COMPENSATION_ATTEMPTS + 2, "resolved"],
    ]);
  });

  it("10 replay requests at once from two operators on separate connections are one replay: one gateway call, one attempt", async () => {
    // The provider keeps failing, so the row stays replayable the whole time.
    const row = await aFailedVoid({ fails: true });
    // No relay nudge while they race, so the replay cannot run in between: the requests alone decide.
    setFlushNotifier(undefined);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => transaction((tx) => replayCompensations(tx, [row.id], i % 2 === 0 ? ops : admin), db)),
    ).finally(() => setFlushNotifier(null));
    await settle();
    const flat = outcomes.flat().map((r) => r.outcome);
    expect(flat.filter((o) => o === "queued")).toHaveLength(1);
    expect(flat.filter((o) => o === "in_progress")).toHaveLength(9);
    expect(voidCalls.get(row.intentId)).toBe(1);
    expect(await attemptsOf(row.id)).toMatchObject([{ trigger: "replay", outcome: "failed", error: "provider unavailable" }]);
    expect(await auditOf(row.id, "compensation.replay")).toHaveLength(1);
    expect(await replayEventsOf(row.id)).toHaveLength(1);
    expect(replayRuns(row.id)).toHaveLength(1);

    // The request was used up by its one try: the replay path takes the row no more.
    expect(await retryCompensation(db, flaky, row.id, { force: true, trigger: "replay", actorId: ops.id })).toBe("not_due");
    expect(voidCalls.get(row.intentId)).toBe(1);
  });

  it("while a try is in flight, a replay request is refused and no second try starts, cron or replay", async () => {
    const row = await aFailedVoid();
    let release: () => void = () => {};
    const provider = new Promise<void>((resolve) => (release = resolve));
    const slow = gatewayWith(flaky, {
      cancel: async (id) => {
        await provider;
        return flaky.cancel(id);
      },
    });
    await db.update(failedCompensations).set({ nextAttemptAt: sql`now() - interval '1 minute'` }).where(eq(failedCompensations.id, row.id));
    const running = retryCompensation(db, slow, row.id);
    await expect.poll(async () => (await rowOf(row.id)).metadata.running).toMatchObject({ trigger: "cron" });

    expect(await testBrowser(admin).caller.compensations.replay({ ids: [row.id] })).toEqual([{ id: row.id, outcome: "in_progress" }]);
    expect(await retryCompensation(db, flaky, row.id, { force: true })).toBe("not_due");
    release();
    expect(await running).toBe("resolved");
    expect(voidCalls.get(row.intentId)).toBe(1);
    expect(await rowOf(row.id)).toMatchObject({ status: "resolved", metadata: { intentId: row.intentId } });
    expect((await rowOf(row.id)).metadata.running).toBeUndefined();
    expect(await attemptsOf(row.id)).toMatchObject([{ trigger: "cron", outcome: "resolved" }]);
  });

  it("a replay request that has not run yet holds the row: the cron skips it and a second request is refused", async () => {
    setFlushNotifier(undefined);
    try {
      const row = await aFailedVoid();
      await db.update(failedCompensations).set({ nextAttemptAt: sql`now() - interval '1 hour'` }).where(eq(failedCompensations.id, row.id));
      expect(await transaction((tx) => replayCompensations(tx, [row.id], ops), db)).toEqual([{ id: row.id, outcome: "queued" }]);
      expect(await retryCompensation(db, flaky, row.id)).toBe("not_due");
      // A minute on, still queued (its event not yet delivered): still refused.
      await db.execute(sql`update failed_compensations set metadata = jsonb_set(metadata, '{replay,requestedAt}', to_jsonb(now() - interval '1 minute')) where id = ${row.id}`);
      expect(await transaction((tx) => replayCompensations(tx, [row.id], admin), db)).toEqual([{ id: row.id, outcome: "in_progress" }]);
      expect(voidCalls.get(row.intentId)).toBeUndefined();
    } finally {
      setFlushNotifier(null);
    }
    await settle();
  });

  it("bulk replay answers per item and the queued ones resolve", async () => {
    const pending = await aFailedVoid();
    const exhausted = await aFailedVoid({ attempts: MAX_COMPENSATION_ATTEMPTS, status: "exhausted" });
    const resolved = await aFailedVoid({ status: "resolved" });
    const discarded = await aFailedVoid({ status: "discarded" });
    const missing = crypto.randomUUID();
    const { caller } = testBrowser(admin);
    const ids = [pending.id, exhausted.id, resolved.id, discarded.id, missing, pending.id];
    expect(await caller.compensations.replay({ ids })).toEqual([
      { id: pending.id, outcome: "queued" },
      { id: exhausted.id, outcome: "queued" },
      { id: resolved.id, outcome: "already_resolved" },
      { id: discarded.id, outcome: "discarded" },
      { id: missing, outcome: "not_found" },
    ]);
    expect(
      (await caller.compensations.progress({ ids: [pending.id, exhausted.id] })).every((p) => p.status === "pending"),
    ).toBe(true);
    await settle();
    const progress = await caller.compensations.progress({ ids: [pending.id, exhausted.id, resolved.id, discarded.id] });
    expect(Object.fromEntries(progress.map((p) => [p.id, [p.status, p.replayPending, p.lastOutcome]]))).toEqual({
      [pending.id]: ["resolved", false, "resolved"],
      [exhausted.id]: ["resolved", false, "resolved"],
      [resolved.id]: ["resolved", false, null],
      [discarded.id]: ["discarded", false, null],
    });
    expect(await auditOf(resolved.id, "compensation.replay")).toEqual([]);
    expect(await auditOf(exhausted.id, "compensation.replay")).toMatchObject([{ actorEmail: "admin@depot.test", details: { fromStatus: "exhausted" } }]);
  });

  it("refuses empty and oversized bulk replays with readable messages", async () => {
    const { caller } = testBrowser(ops);
    await expect(caller.compensations.replay({ ids: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Select at least one failed compensation"),
    });
    await expect(caller.compensations.replay({ ids: Array.from({ length: 201 }, () => crypto.randomUUID()) })).rejects.toMatchObject({
      message: expect.stringContaining("Replay at most 200 at a time"),
    });
  });
});
