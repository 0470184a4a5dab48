import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailDeliveries, outbox } from "@/db/schema";
import { resetOutbox, testDb } from "@/db/testing";
import type { LocalExecutor } from "@/inngest/local-executor";
import { testExecutor } from "@/inngest/local-executor/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";

/**
 * The whole path on the real serve endpoint: a domain transaction commits an outbox row →
 * the flush event reaches the local executor → the relay function sends the event → the
 * consumer function applies it, exactly once in effect.
 */
const handle = testDb(4);
let executor: LocalExecutor;

beforeAll(async () => {
  await resetOutbox(handle.db);
  setFlushNotifier(null);
  executor = await testExecutor();
});

afterAll(async () => {
  await executor.stop();
  await handle.close();
});

const { caller } = testBrowser();

describe("outbox → Inngest → consumer through the local executor", () => {
  it("delivers a committed domain event to its function once", async () => {
    const email = `pipe-${randomUUID().slice(0, 8)}@example.com`;
    const customer = await caller.account.register({ name: "Pia Pipeline", email, password: "pipeline-password" });
    await executor.drain();

    const [row] = await handle.db.select().from(outbox).where(eq(outbox.aggregateId, customer.id));
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(await handle.db.select().from(mailDeliveries).where(eq(mailDeliveries.userId, customer.id))).toHaveLength(1);
    const welcomeRuns = executor.runs().filter((r) => r.functionId.endsWith("mail-welcome") && r.eventId === row!.id);
    expect(welcomeRuns).toMatchObject([{ status: "completed", output: { outcome: "sent" } }]);
  });

  it("a re-sent outbox row (relay crashed after sending, before marking) has no second effect", async () => {
    const customer = await caller.account.register({
      name: "Rex Resend",
      email: `resend-${randomUUID().slice(0, 8)}@example.com`,
      password: "pipeline-password",
    });
    await executor.drain();
    // As if the mark never committed: the row is pending again and the relay sends it anew.
    await handle.db.update(outbox).set({ status: "pending", sentAt: null }).where(eq(outbox.aggregateId, customer.id));
    await executor.send([{ name: "outbox/flush", data: {} }]);
    await executor.drain();

    const [row] = await handle.db.select().from(outbox).where(eq(outbox.aggregateId, customer.id));
    expect(row?.status).toBe("sent");
    expect(await handle.db.select().from(mailDeliveries).where(eq(mailDeliveries.userId, customer.id))).toHaveLength(1);
  });

  it("the relay cron delivers events whose flush was lost", async () => {
    setFlushNotifier(undefined);
    try {
      const customer = await caller.account.register({
        name: "Cal Cron",
        email: `cron-${randomUUID().slice(0, 8)}@example.com`,
        password: "pipeline-password",
      });
      await executor.drain();
      expect(await handle.db.select().from(mailDeliveries).where(eq(mailDeliveries.userId, customer.id))).toHaveLength(0);
      await executor.tickCrons(new Date(Date.now() + 61_000));
      await executor.drain();
      expect(await handle.db.select().from(mailDeliveries).where(eq(mailDeliveries.userId, customer.id))).toHaveLength(1);
    } finally {
      setFlushNotifier(null);
    }
  });
});
