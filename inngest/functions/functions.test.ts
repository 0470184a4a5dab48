import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mailDeliveries, outbox, users } from "@/db/schema";
import { resetOutbox, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { inngest } from "@/inngest/client";
import { emit } from "@/server/outbox/emit";
import { setFlushNotifier } from "@/server/outbox/flush";
import { mailWelcome } from "./mail-welcome";
import { outboxCleanup } from "./outbox-cleanup";
import { outboxRelay } from "./outbox-relay";

const handle = testDb(4);
setFlushNotifier(undefined);
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});
beforeEach(() => resetOutbox(handle.db));
afterEach(() => vi.restoreAllMocks());

async function aCustomer() {
  const [user] = await handle.db
    .insert(users)
    .values({ email: `w-${randomUUID()}@example.com`, name: "Wren", passwordHash: "x", role: "customer" })
    .returning();
  return user!;
}

describe("outbox-relay function", () => {
  it("sends every pending event through the Inngest client with the outbox id as event id", async () => {
    const user = await aCustomer();
    const { id } = await transaction(
      (tx) => emit(tx, { name: "customer/registered", aggregateId: user.id, payload: { userId: user.id, email: user.email, name: user.name } }),
      handle.db,
    );
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: [id] });

    const { result } = await new InngestTestEngine({ function: outboxRelay }).execute({
      events: [{ name: "outbox/flush", data: {} }],
    });

    expect(result).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    expect(send).toHaveBeenCalledWith([expect.objectContaining({ id, name: "customer/registered" })]);
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.status).toBe("sent");
  });

  it("keeps the events pending with the error when Inngest refuses them", async () => {
    await transaction(
      (tx) => emit(tx, { name: "customer/registered", aggregateId: randomUUID(), payload: { userId: randomUUID(), email: "a@b.co", name: "A" } }),
      handle.db,
    );
    vi.spyOn(inngest, "send").mockRejectedValue(new Error("401 event key not found"));
    const { result } = await new InngestTestEngine({ function: outboxRelay }).execute({ events: [{ name: "outbox/flush", data: {} }] });
    expect(result).toMatchObject({ claimed: 1, sent: 0, retried: 1 });
    const [row] = await handle.db.select().from(outbox);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "401 event key not found" });
  });
});

describe("mail-welcome function", () => {
  it("mails one welcome however often the event arrives (issue 14)", async () => {
    const user = await aCustomer();
    const event = {
      name: "customer/registered" as const,
      id: randomUUID(),
      data: {
        meta: { outboxId: randomUUID(), aggregateType: "customer", aggregateId: user.id, sequence: 1, schemaVersion: 1, occurredAt: new Date().toISOString() },
        payload: { userId: user.id, email: user.email, name: user.name },
      },
    };
    // A fresh engine per delivery: each is a new run, as a redelivery would be.
    const deliver = () => new InngestTestEngine({ function: mailWelcome, events: [event] }).execute();
    expect((await deliver()).result).toMatchObject({ outcome: "sent" });
    expect((await deliver()).result).toMatchObject({ outcome: "already_sent" });
    const mails = await handle.db.select().from(mailDeliveries).where(eq(mailDeliveries.userId, user.id));
    expect(mails).toMatchObject([{ kind: "welcome", subject: "Welcome to Depot, Wren", recipient: user.email, status: "sent" }]);
  });
});

describe("outbox-cleanup function", () => {
  it("deletes sent rows past the retention period", async () => {
    const { id } = await transaction(
      (tx) => emit(tx, { name: "customer/registered", aggregateId: randomUUID(), payload: { userId: randomUUID(), email: "a@b.co", name: "A" } }),
      handle.db,
    );
    await handle.db.update(outbox).set({ status: "sent", sentAt: sql`now() - interval '45 days'` }).where(eq(outbox.id, id));
    const { result } = await new InngestTestEngine({ function: outboxCleanup }).execute({
      events: [{ name: "inngest/scheduled.timer", data: {} }],
    });
    expect(result).toEqual({ deleted: 1 });
  });
});
