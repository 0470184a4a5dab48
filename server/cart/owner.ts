import { createHash, randomBytes } from "node:crypto";

/** Who a cart belongs to. Resolved from the session or the guest cookie, never from input. */
export type CartOwner = { kind: "customer"; customerId: string } | { kind: "guest"; tokenHash: string };

export const GUEST_CART_COOKIE = "depot_cart";
export const GUEST_CART_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** An unguessable guest token (256 bits); only its hash is stored. */
export function newGuestToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashGuestToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isWellFormedGuestToken(token: string | undefined): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
