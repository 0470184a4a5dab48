import { eq, sql } from "drizzle-orm";
import { noConsent } from "@/server/vocabulary/accounts";
import type { Tx } from "@/db/client";
import { accountTokens, customerAddresses, users } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { lockLiveUser } from "./account";
import { appendConsentVersion } from "./consents";
import { verifyPassword } from "./password";

const DELETED_NAME = "Deleted customer";

/** Locks the live account and checks its password (account deletion asks for it). */
export async function lockWithPassword(tx: Tx, userId: string, password: string): Promise<void> {
  const user = await lockLiveUser(tx, userId);
  if (!(await verifyPassword(password, user.passwordHash))) {
    throw new DomainError("INVALID_INPUT", "Your password is not right.", { fieldErrors: { password: ["Your password is not right."] } });
  }
}

/**
 * Removes the personal data of an account, keeping its row (orders, reviews and the consent
 * history point at it): a placeholder name and an email of its own on the reserved .invalid
 * domain (the real one is free again), no phone, a password hash no password matches, every
 * session ended. Its addresses and tokens are deleted; the consent history
 * gets a last version withdrawing everything. Returns the account as it is now (for the audit row).
 */
export async function anonymiseUser(tx: Tx, customer: SessionUser): Promise<SessionUser> {
  const email = `deleted-${customer.id}@deleted.invalid`;
  await appendConsentVersion(tx, customer, customer.id, noConsent, "account-deletion");
  await tx.delete(customerAddresses).where(eq(customerAddresses.userId, customer.id));
  await tx.delete(accountTokens).where(eq(accountTokens.userId, customer.id));
  await tx
    .update(users)
    .set({
      name: DELETED_NAME,
      email,
      phone: null,
      passwordHash: "!deleted",
      deletedAt: new Date(),
      version: sql`${users.version} + 1`,
      sessionVersion: sql`${users.sessionVersion} + 1`,
    })
    .where(eq(users.id, customer.id));
  return { ...customer, name: DELETED_NAME, email };
}
