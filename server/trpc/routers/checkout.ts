import { z } from "zod";
import { db } from "@/db/client";
import { viewCart } from "@/server/cart/cart";
import { placeOrder, placeOrderInput } from "@/server/checkout/place-order";
import { priceCart, promotionCodesInput } from "@/server/checkout/quote";
import { shippingMethodInput } from "@/server/checkout/shipping";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { authorizeOrderPayment } from "@/server/payments/authorize";
import { paymentGateway } from "@/server/payments/gateway-instance";
import { declineMessage } from "@/server/payments/messages";
import { buyerOrder } from "../buyer-order";
import { shopperCartOwner } from "../cart-owner";
import { orderNumber } from "./orders";
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
    return { number: placed.order.number, replayed: placed.replayed, paymentMethod: placed.order.paymentMethod };
  }),
  /**
   * Pays a card order with the card the customer entered (a Stripe PaymentMethod, or a test
   * card number in the sandbox): authorize only; capture follows confirmation.
   */
  pay: publicProcedure
    .input(z.object({ number: orderNumber, card: z.string().trim().min(1, "Enter a card").max(64) }))
    .mutation(async ({ ctx, input }) => {
      const order = await buyerOrder(ctx, input.number);
      if (order.paymentMethod !== "card") throw new DomainError("PRECONDITION_FAILED", "This order is paid cash on delivery.");
      const payment = await authorizeOrderPayment(db(), paymentGateway(), { orderId: order.id, paymentMethod: input.card.replaceAll(" ", "") });
      return {
        status: payment.status,
        message: payment.status === "failed" ? declineMessage(payment.lastError) : null,
      };
    }),
});
