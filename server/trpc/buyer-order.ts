import { db } from "@/db/client";
import { hashGuestToken } from "@/server/cart";
import { DomainError } from "@/server/lib/errors";
import { customerOrder, guestOrder } from "@/server/orders";
import type { Context } from "./context";

/** The caller's own order by number: a customer's by account, a guest's by this browser's cart token. */
export function buyerOrder(ctx: Context, number: string) {
  if (ctx.user?.role === "customer") return customerOrder(db(), ctx.user.id, number);
  if (!ctx.user && ctx.guestToken) return guestOrder(db(), hashGuestToken(ctx.guestToken), number);
  throw new DomainError("NOT_FOUND", "We couldn't find that order.");
}
