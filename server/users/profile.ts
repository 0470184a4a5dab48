import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { accountTokens, users } from "@/db/schema";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { isUniqueViolation } from "@/server/lib/pg-errors";
import { emit } from "@/server/outbox";
import { liveUser, lockLiveUser } from "./account";
import { findUserByEmail } from "./data";
import type { ProfileInput } from "./profile-input";
import { issueToken, redeemToken } from "./tokens";

export type Profile = { name: string; email: string; phone: string | null; version: number; pendingEmail: string | null };

const emailTaken = () => new DomainError("CONFLICT", "An account with this email already exists. Use another address.", { reason: "email_taken", fieldErrors: { email: ["An account with this email already exists."] } });

/** The profile form's data: the new email waiting for its confirmation, if any. */
export async function getProfile(db: DbOrTx, userId: string): Promise<Profile> {
  const user = await liveUser(db, userId);
  const [pending] = await db
    .select({ email: accountTokens.newEmail })
    .from(accountTokens)
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, "email-change"), isNull(accountTokens.usedAt), isNull(accountTokens.revokedAt), gt(accountTokens.expiresAt, new Date())))
    .orderBy(desc(accountTokens.createdAt))
    .limit(1);
  return { name: user.name, email: user.email, phone: user.phone, version: user.version, pendingEmail: pending?.email ?? null };
}

/**
 * Saves the profile if nobody changed it since the form was loaded (CS-P0-01): the update is
 * guarded by the version the form saw, so of two editors the second is refused and nothing of
 * its form is written. A new email is not taken over yet: it waits for the link mailed to it
 * (customer/email-change-requested); a newer change replaces a pending one.
 */
export async function updateProfile(tx: Tx, userId: string, input: ProfileInput): Promise<Profile> {
  const [saved] = await tx
    .update(users)
    .set({ name: input.name, phone: input.phone, version: sql`${users.version} + 1` })
    .where(and(eq(users.id, userId), eq(users.version, input.expectedVersion), isNull(users.deletedAt)))
    .returning();
  if (!saved) {
    await liveUser(tx, userId);
    throw new DomainError("CONFLICT", "Your profile was changed elsewhere (in another tab or device) after you opened this form. Reload the page to see the current details, then make your change again.", {
      reason: "stale_version",
    });
  }
  if (input.email !== saved.email.toLowerCase()) {
    const holder = await findUserByEmail(tx, input.email);
    if (holder) throw emailTaken();
    const token = await issueToken(tx, { userId, purpose: "email-change", ttlMinutes: env().accountLinks.emailChangeTtlMinutes, newEmail: input.email });
    await emit(tx, {
      name: "customer/email-change-requested",
      aggregateId: userId,
      payload: { userId, email: input.email, name: saved.name, tokenId: token.id, expiresAt: token.expiresAt.toISOString() },
    });
  }
  return getProfile(tx, userId);
}

/** The emailed link's confirmation: the account takes the new email, once. */
export async function confirmEmailChange(tx: Tx, token: string): Promise<{ email: string }> {
  const row = await redeemToken(tx, "email-change", token);
  await lockLiveUser(tx, row.userId);
  const email = row.newEmail!;
  const holder = await findUserByEmail(tx, email);
  if (holder && holder.id !== row.userId) throw emailTaken();
  try {
    await tx.update(users).set({ email, version: sql`${users.version} + 1` }).where(eq(users.id, row.userId));
  } catch (error) {
    if (isUniqueViolation(error, "users_email_lower_uq")) throw emailTaken();
    throw error;
  }
  return { email };
}
