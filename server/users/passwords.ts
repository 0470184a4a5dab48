import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";
import { accountSubject, rateLimits } from "@/server/rate-limits";
import { lockLiveUser } from "./account";
import { findUserByEmail } from "./data";
import { emailAddress } from "./profile-input";
import { hashPassword, verifyPassword } from "./password";
import { issueToken, redeemToken, revokeTokens } from "./tokens";

export const newPassword = z.string().min(10, "Use at least 10 characters for your password").max(200, "Password is too long");
const token = z.string().min(1, "This link is not valid.").max(200, "This link is not valid.");

export const changePasswordInput = z.object({ currentPassword: z.string().min(1, "Enter your current password").max(200), newPassword });
export const passwordResetRequestInput = z.object({ email: emailAddress });
export const resetPasswordInput = z.object({ token, newPassword });
export const accountLinkInput = z.object({ token });

/** Sets the password and ends every other session (the session version the JWTs carry moves on) and every unused reset link. */
async function setPassword(tx: Tx, userId: string, password: string): Promise<void> {
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(password), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  await revokeTokens(tx, userId, "password-reset");
}

/** A signed-in customer's password change: the current password is required. */
export async function changePassword(tx: Tx, userId: string, input: z.infer<typeof changePasswordInput>): Promise<void> {
  const user = await lockLiveUser(tx, userId);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new DomainError("INVALID_INPUT", "Your current password is not right.", { fieldErrors: { currentPassword: ["Your current password is not right."] } });
  }
  await setPassword(tx, userId, input.newPassword);
}

/**
 * "Forgot password?": for a customer account with this email, a reset token (earlier ones end)
 * and customer/password-reset-requested, from which the mail with the link is written. The caller
 * learns nothing either way: the answer is the same, and the per-email limit counts every email
 * asked about. Staff accounts are recovered by an administrator, not by mail.
 */
export async function requestPasswordReset(tx: Tx, input: z.infer<typeof passwordResetRequestInput>): Promise<void> {
  await rateLimits().requests.consume("passwordResetPerAccount", accountSubject(input.email));
  const user = await findUserByEmail(tx, input.email);
  if (!user || user.role !== "customer" || user.deletedAt) return;
  const row = await issueToken(tx, { userId: user.id, purpose: "password-reset", ttlMinutes: env().accountLinks.passwordResetTtlMinutes });
  await emit(tx, {
    name: "customer/password-reset-requested",
    aggregateId: user.id,
    payload: { userId: user.id, email: user.email, name: user.name, tokenId: row.id, expiresAt: row.expiresAt.toISOString() },
  });
}

/** The reset link's new password, set once; every session of the account ends. */
export async function resetPassword(tx: Tx, input: z.infer<typeof resetPasswordInput>): Promise<void> {
  const row = await redeemToken(tx, "password-reset", input.token);
  await lockLiveUser(tx, row.userId);
  await setPassword(tx, row.userId, input.newPassword);
}
