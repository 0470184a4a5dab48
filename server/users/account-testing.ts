import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";
import { testBrowser } from "@/server/trpc/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { accountLinkToken, type AccountLinkPurpose } from "./account-links";

export const TEST_PASSWORD = "a-long-test-password";

/** A customer of the test's own, registered as a visitor would (so it can sign in with TEST_PASSWORD). */
export async function registeredCustomer(name = "Rita Tester"): Promise<SessionUser> {
  const email = `acct-${randomUUID().slice(0, 8)}@example.com`;
  const created = await testBrowser().caller.account.register({ name, email, password: TEST_PASSWORD });
  return { id: created.id, email: created.email, name: created.name, role: "customer", warehouseId: null };
}

const eventOf: Record<AccountLinkPurpose, "customer/password-reset-requested" | "customer/email-change-requested"> = {
  "password-reset": "customer/password-reset-requested",
  "email-change": "customer/email-change-requested",
};

/** The link token the mail of the user's latest event of this purpose carries (as the mail sender builds it from the event). */
export async function latestLinkToken(db: Db, userId: string, purpose: AccountLinkPurpose): Promise<{ token: string; payload: Record<string, unknown> } | null> {
  const [row] = await db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.aggregateId, userId), eq(outbox.name, eventOf[purpose])))
    .orderBy(desc(outbox.sequence))
    .limit(1);
  if (!row) return null;
  const payload = row.payload as Record<string, unknown>;
  return { token: accountLinkToken(purpose, String(payload.tokenId)), payload };
}
