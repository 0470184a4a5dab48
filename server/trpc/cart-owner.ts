import { transaction } from "@/db/transaction";
import { DomainError } from "@/server/lib/errors";
import { mergeGuestCart, hashGuestToken, newGuestToken, type CartOwner } from "@/server/cart";
import { addressSubject } from "@/server/rate-limits";
import type { Context } from "./context";

/**
 * The cart owner of this request, from the session or the guest cookie, never from input
 * (OR-P0-02). A signed-in customer with a guest cookie gets the guest cart merged into theirs
 * and the cookie cleared. With `create`, a guest without a cookie gets a new token.
 */
export async function cartOwner(ctx: Context, options: { create: boolean }): Promise<CartOwner | null> {
  if (ctx.user) {
    if (ctx.user.role !== "customer") return null;
    const customerId = ctx.user.id;
    if (ctx.guestToken) {
      const tokenHash = hashGuestToken(ctx.guestToken);
      await transaction((tx) => mergeGuestCart(tx, customerId, tokenHash));
      ctx.setGuestToken(null);
      ctx.guestToken = null;
    }
    return { kind: "customer", customerId };
  }
  if (ctx.guestToken) return { kind: "guest", tokenHash: hashGuestToken(ctx.guestToken) };
  if (!options.create) return null;
  const token = newGuestToken();
  ctx.setGuestToken(token);
  ctx.guestToken = token;
  return { kind: "guest", tokenHash: hashGuestToken(token) };
}

/** The owner for shopping procedures: staff accounts are refused, guests may have no cart yet. */
export async function shopperCartOwner(ctx: Context, options: { create: boolean }): Promise<CartOwner | null> {
  const owner = await cartOwner(ctx, options);
  if (!owner && ctx.user) throw new DomainError("FORBIDDEN", "Staff accounts can't shop. Sign in with a customer account.");
  return owner;
}

/** Whom the per-buyer limits count: the account, else this browser's guest cart, else its address. */
export function buyerSubject(ctx: Context): string {
  if (ctx.user) return `customer:${ctx.user.id}`;
  if (ctx.guestToken) return `guest:${hashGuestToken(ctx.guestToken)}`;
  return `address:${addressSubject(ctx.clientAddress)}`;
}
