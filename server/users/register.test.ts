import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outbox, users } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";

const handle = testDb(2);
const { caller } = testBrowser();
setFlushNotifier(undefined);
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

describe("customer registration", () => {
  it("creates the account and its customer/registered event in one transaction", async () => {
    const email = `new-${randomUUID().slice(0, 8)}@Example.com`;
    const created = await caller.account.register({ name: "  Nina New ", email, password: "a-long-password" });
    expect(created).toMatchObject({ name: "Nina New", email: email.toLowerCase() });
    const events = await handle.db.select().from(outbox).where(eq(outbox.aggregateId, created.id));
    expect(events).toMatchObject([{ name: "customer/registered", sequence: 1, status: "pending", payload: { userId: created.id } }]);
    expect(await authenticate(handle.db, email, "a-long-password")).toMatchObject({ id: created.id, role: "customer" });
  });

  it("refuses a taken email with a clear message and writes nothing", async () => {
    const before = await handle.db.select({ id: outbox.id }).from(outbox);
    const error = await caller.account
      .register({ name: "Alice Again", email: "ALICE@example.com", password: "another-password" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "CONFLICT", message: "An account with this email already exists. Sign in instead." });
    expect(await handle.db.select({ id: outbox.id }).from(outbox)).toHaveLength(before.length);
    expect(await handle.db.select().from(users).where(eq(users.name, "Alice Again"))).toHaveLength(0);
  });

  it("explains what is wrong with bad input", async () => {
    const error = await caller.account.register({ name: "", email: "nope", password: "short" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const message = (error as TRPCError).message;
    expect(message).toContain("Enter a valid email address");
    expect(message).toContain("Use at least 10 characters");
  });
});
