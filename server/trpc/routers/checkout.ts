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
import { rateLimits } from "@/server/rate-limits";
import { shopperCartOwner } from "../cart-owner";
import { orderNumber } from "./orders";
import { publicProcedure, router } from "../init";

/**
 * How a card order is paid, told apart by `kind`:
 * - "card" (the default, so `{ number, card }` as before): a sandbox test card number, or a
 *   Stripe PaymentMethod id (pm_...);
 * - "confirmation_token": the id of a ConfirmationToken that Stripe.js made from the checkout's
 *   Payment Element (only when a Stripe publishable key is configured).
 */
export const payInput = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("card").optional(),
      number: orderNumber,
      card: z
        .string({ error: (issue) => (issue.input === undefined ? 'Enter a card, or pay with kind "confirmation_token" and a confirmationToken' : "Enter a card") })
        .trim()
        .min(1, "Enter a card")
        .max(64, "That card number is too long"),
    }),
    z.object({
      kind: z.literal("confirmation_token"),
      number: orderNumber,
      confirmationToken: z
        .string({ error: "A Stripe confirmation token is required" })
        .trim()
        .max(255, "That confirmation token is too long")
        .regex(/^ctoken_[A-Za-z0-9_]+$/, "That is not a Stripe confirmation token (ctoken_...)"),
    }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? 'Pay with kind "card" (a card) or kind "confirmation_token" (a Stripe confirmation token)' : undefined) },
);

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
  placeOrder: publicProcedure
    .meta({ limits: ["placeOrderPerBuyer", "placeOrderPerAddress"] })
    .input(placeOrderInput)
    .mutation(async ({ ctx, input }) => {
      const owner = await shopperCartOwner(ctx, { create: false });
      if (!owner) throw new DomainError("PRECONDITION_FAILED", "Your cart is empty.", { reason: "empty_cart" });
      const buyer = {
        owner,
        customerId: ctx.user?.id ?? null,
        actor: ctx.user ? `user:${ctx.user.id}` : "guest",
        address: ctx.clientAddress,
      };
      const policy = { ttlMinutes: env().reservationTtlMinutes, maxUnpaidOrders: rateLimits().maxUnpaidOrders };
      // Customers order under their account's email; guests give one.
      const placed = await placeOrder(db(), buyer, ctx.user ? { ...input, email: ctx.user.email } : input, policy);
      return { number: placed.order.number, replayed: placed.replayed, paymentMethod: placed.order.paymentMethod };
    }),
  /**
   * Pays a card order with what the customer entered (see payInput): authorize only; capture
   * follows confirmation. When the card asks for 3-D Secure, `nextAction.clientSecret` is for
   * Stripe.js `handleNextAction`; the outcome then arrives by webhook, as every outcome does.
   */
  pay: publicProcedure.input(payInput).mutation(async ({ ctx, input }) => {
    const order = await buyerOrder(ctx, input.number);
    if (order.paymentMethod !== "card") throw new DomainError("PRECONDITION_FAILED", "This order is paid cash on delivery.");
    const source = input.kind === "confirmation_token" ? { confirmationToken: input.confirmationToken } : { paymentMethod: input.card.replaceAll(" ", "") };
    const payment = await authorizeOrderPayment(db(), paymentGateway(), { orderId: order.id, ...source });
    return {
      status: payment.status,
      message: payment.status === "failed" ? declineMessage(payment.lastError) : null,
      nextAction: payment.nextAction ?? undefined,
    };
  }),
});
