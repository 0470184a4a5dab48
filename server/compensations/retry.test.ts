import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedCompensations, opsAlerts } from "@/db/schema";
import { testDb } from "@/db/testing";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { SandboxGateway } from "@/server/payments/gateway";
import { gatewayWith } from "@/server/payments/gateway/testing";
import { recordFailedCompensation } from "./record";
import { failureMessage, MAX_COMPENSATION_ATTEMPTS } from "./retry";
import { retryCompensation } from "@/server/ops/retry-compensation";

const handle = testDb(4);
const db = handle.db;
const sandbox = new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });
const voidCalls: string[] = [];
let failing = true;
const flaky = gatewayWith(sandbox, {
  cancel: async (id) => {
    voidCalls.push(id);
    if (failing) throw new Error("provider unavailable");
    return sandbox.cancel(id);
  },
});

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await sandbox.idle();
  await handle.close();
});

async function aVoidToRetry(attempts = 1) {
  const intent = await sandbox.authorize({ orderId: crypto.randomUUID(), orderNumber: "D1", amount: { amount: "10.00", currency: "USD" }, paymentMethod: "4242424242424242", customerEmail: "c@example.com" });
  return recordFailedCompensation(db, { operation: "void_authorization", orderId: null, metadata: { intentId: intent.id }, error: "timeout", attempts });
}

describe("failed compensation retries (P0-2024-01)", () => {
  it("retries with exponential backoff until the operation succeeds", async () => {
    failing = true;
    const row = await aVoidToRetry();
    expect(await retryCompensation(db, flaky, row.id)).toBe("retry_later");
    const [after] = await db.select().from(failedCompensations).where(eq(failedCompensations.id, row.id));
    expect(after).toMatchObject({ attempts: 2, status: "pending", lastError: "provider unavailable" });
    // 2^1 = 2 minutes out.
    expect(after!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(100_000);
    expect(await retryCompensation(db, flaky, row.id)).toBe("not_due");

    failing = false;
    await db.update(failedCompensations).set({ nextAttemptAt: sql`now()` }).where(eq(failedCompensations.id, row.id));
    expect(await retryCompensation(db, flaky, row.id)).toBe("resolved");
    expect((await sandbox.retrieve(String(row.metadata.intentId))).status).toBe("canceled");
  });

  it("two retriers at once perform it once", async () => {
    failing = false;
    const row = await aVoidToRetry();
    voidCalls.length = 0;
    const outcomes = await Promise.all([retryCompensation(db, flaky, row.id), retryCompensation(db, flaky, row.id), retryCompensation(db, flaky, row.id)]);
    expect(outcomes.filter((o) => o === "resolved")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "not_due")).toHaveLength(2);
    expect(voidCalls).toHaveLength(1);
  });

  it("marks it exhausted after the last attempt and raises a critical alert", async () => {
    failing = true;
    const row = await aVoidToRetry(MAX_COMPENSATION_ATTEMPTS - 1);
    expect(await retryCompensation(db, flaky, row.id)).toBe("exhausted");
    expect((await db.select().from(failedCompensations).where(eq(failedCompensations.id, row.id)))[0]!.status).toBe("exhausted");
    const alerts = await db.select().from(opsAlerts).where(sql`${opsAlerts.details}->>'compensationId' = ${row.id}`);
    expect(alerts).toMatchObject([{ kind: "compensation_exhausted", severity: "critical" }]);
    expect(await retryCompensation(db, flaky, row.id, { force: true })).toBe("not_due");
  });
});

describe("failure messages ops read", () => {
  it("put the database's own message first when a query failed", () => {
    const wrapped = new Error('Failed query: update "reservations" set "status" = $1\nparams: released', { cause: new Error("reservation release blocked") });
    expect(failureMessage(wrapped)).toBe('reservation release blocked (Failed query: update "reservations" set "status" = $1)');
    expect(failureMessage(new Error("card declined"))).toBe("card declined");
    expect(failureMessage("plain")).toBe("plain");
  });
});
