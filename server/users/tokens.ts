import { and, eq, isNull } from "drizzle-orm";
import type { AccountTokenPurpose } from "@/server/vocabulary/accounts";
import type { Tx } from "@/db/client";
import { accountTokens, type AccountToken } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { tokenIdFromAccountLink } from "./account-links";

/** Ends every unused token of this purpose of the user (a newer one replaces them, or the password changed). */
export async function revokeTokens(tx: Tx, userId: string, purpose: AccountTokenPurpose): Promise<void> {
  await tx
    .update(accountTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), isNull(accountTokens.revokedAt)));
}

/** A new single-use token; earlier unused ones of the same purpose stop working. */
export async function issueToken(tx: Tx, input: { userId: string; purpose: AccountTokenPurpose; ttlMinutes: number; newEmail?: string }): Promise<AccountToken> {
  await revokeTokens(tx, input.userId, input.purpose);
  const [token] = await tx
    .insert(accountTokens)
    .values({
      userId: input.userId,
      purpose: input.purpose,
      newEmail: input.newEmail ?? null,
      expiresAt: new Date(Date.now() + input.ttlMinutes * 60_000),
    })
    .returning();
  return token!;
}

const ask: Record<AccountTokenPurpose, string> = {
  "password-reset": 'Ask for a new one with "Forgot password?" on the sign-in page.',
  "email-change": "Change your email on your profile again to get a new one.",
};

function refused(purpose: AccountTokenPurpose, reason: string, sentence: string): DomainError {
  return new DomainError(reason === "invalid_token" ? "INVALID_INPUT" : "PRECONDITION_FAILED", `${sentence} ${ask[purpose]}`, { reason, fieldErrors: { token: [sentence] } });
}

/**
 * Uses a link's token once: forged (not our signature, or signed for another purpose), unknown,
 * used, replaced by a newer one, or expired tokens are refused with a sentence saying which.
 * The row is locked, so two clicks at once use it once.
 */
export async function redeemToken(tx: Tx, purpose: AccountTokenPurpose, token: string): Promise<AccountToken> {
  const id = tokenIdFromAccountLink(purpose, token);
  const [row] = id ? await tx.select().from(accountTokens).where(and(eq(accountTokens.id, id), eq(accountTokens.purpose, purpose))).for("update") : [];
  if (!row) throw refused(purpose, "invalid_token", "This link is not valid.");
  if (row.usedAt) throw refused(purpose, "token_used", "This link has already been used.");
  if (row.revokedAt) throw refused(purpose, "token_replaced", "This link was replaced by a newer one or is no longer valid.");
  if (row.expiresAt.getTime() <= Date.now()) throw refused(purpose, "token_expired", "This link has expired.");
  await tx.update(accountTokens).set({ usedAt: new Date() }).where(eq(accountTokens.id, row.id));
  return row;
}
