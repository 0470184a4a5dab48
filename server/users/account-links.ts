import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";

/** What an emailed account link is for; the purpose is part of what is signed. */
export type AccountLinkPurpose = "password-reset" | "email-change";

const paths: Record<AccountLinkPurpose, string> = {
  "password-reset": "/reset-password",
  "email-change": "/account/confirm-email",
};

function signature(purpose: AccountLinkPurpose, tokenId: string): string {
  return createHmac("sha256", env().authSecret).update(`depot:${purpose}:${tokenId}`).digest("base64url");
}

/**
 * The secret a link carries: the token row's id and an HMAC of it under the app's secret. Nothing
 * secret is stored (not in the token row, not in the outbox event), so the mail can be written from
 * the event alone, and a leaked database or outbox row cannot be turned into a working link.
 */
export function accountLinkToken(purpose: AccountLinkPurpose, tokenId: string): string {
  return `${tokenId}.${signature(purpose, tokenId)}`;
}

/** The token row id a link's token names, or null when its signature is not ours for this purpose. */
export function tokenIdFromAccountLink(purpose: AccountLinkPurpose, token: string): string | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(signature(purpose, match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
}

/** The full URL mailed to the customer. */
export function accountLinkUrl(purpose: AccountLinkPurpose, tokenId: string): string {
  const url = new URL(paths[purpose], env().appUrl);
  url.searchParams.set("token", accountLinkToken(purpose, tokenId));
  return url.toString();
}
