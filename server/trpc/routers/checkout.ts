import { z } from "zod";
import { db } from "@/db/client";
import { viewCart } from "@/server/cart/cart";
import { placeOrder, placeOrderInput } from "@/server/checkout/place-order";
import { priceCart, promotionCodesInput, shippingMethodInput } from "@/server/checkout/quote";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { shopperCartOwner } from "../cart-owner";
import { publicProcedure, router } from "../init";

export const checkoutRouter = router({
  /** Totals for the checkout page; the same pricing placeOrder uses. */
  quote: publicProcedure
    .input(z.object({ shippingMethod: shippingMethodInput, region: z.string().trim().toUpperCase().length(2).optional(), codes: promotionCodesInput }))
    .query(async ({ ctx, input }) => {
      const owner = await shopperCartOwner(ctx, { create: false });
      if (!owner) throw new DomainError("PRECONDITION_FAILED", "Your cart is empty.", { reason: "empty_cart" });
      const cart = await viewCart(db(), owner);
      return (await priceCart(db(), cart, { ...input, customerKey: ctx.user ? `user:${ctx.user.id}` : undefined })).quote;
    }),
  placeOrder: publicProcedure.input(placeOrderInput).mutation(async ({ ctx, input }) => {
    const owner = await shopperCartOwner(ctx, { create: false });
    if (!owner) throw new DomainError("PRECONDITION_FAILED", "Your cart is empty.", { reason: "empty_cart" });
    const buyer = {
      owner,
      customerId: ctx.user?.id ?? null,
      actor: ctx.user ? `user:${ctx.user.id}` : "guest",
    };
    // Customers order under their account's email; guests give one.
    const placed = await placeOrder(db(), buyer, ctx.user ? { ...input, email: ctx.user.email } : input, env().reservationTtlMinutes);
    return { number: placed.order.number, replayed: placed.replayed };
  }),
});
