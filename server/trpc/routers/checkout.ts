import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { viewCart } from "@/server/cart";
import { placeOrder, placeOrderInput, priceCart, promotionCodesInput, shippingMethodInput } from "@/server/checkout";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { switchToPayOnDelivery } from "@/server/orders";
import { authorizeOrderPayment, checkPaymentCard, createCardPaymentMethod, paymentGateway, declineMessage } from "@/server/payments";
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

/** A card as the sandbox card form collects it (with Stripe, Stripe.js collects it instead). */
export const cardDetailsInput = z.object({
  number: z.string({ error: "Enter your card number." }).trim().min(1, "Enter your card number.").max(30, "That card number is too long"),
  expMonth: z.number({ error: "Enter the card's expiry date (MM/YY)." }).int(),
  expYear: z.number({ error: "Enter the card's expiry date (MM/YY)." }).int(),
  cvc: z.string({ error: "Enter the card's security code." }).trim().max(8, "That security code is too long"),
});

/**
 * The card a card order will be paid with, checked with the provider before the order is placed:
 * a PaymentMethod id (the sandbox form's, from cardPaymentMethod) or a Payment Element
 * confirmation token. A refused card places nothing.
 */
const orderCardInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("card"), paymentMethod: z.string().trim().min(1, "Enter a card").max(255) }),
  z.object({
    kind: z.literal("confirmation_token"),
    confirmationToken: z.string().trim().max(255).regex(/^ctoken_[A-Za-z0-9_]+$/, "That is not a Stripe confirmation token (ctoken_...)"),
  }),
]);

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
  /**
   * The sandbox card form's card, checked like Stripe checks it when it makes a PaymentMethod
   * (number, Luhn, brand, expiry, security code) before any order exists. Refused: BAD_REQUEST
   * with Stripe's code as the reason (incorrect_number, invalid_expiry_year, ...) and
   * `fieldErrors.card`. With Stripe this never runs: Stripe.js sends the card to Stripe.
   */
  cardPaymentMethod: publicProcedure.input(cardDetailsInput).mutation(async ({ input }) => {
    const method = await createCardPaymentMethod(paymentGateway(), input);
    return { id: method.id, brand: method.brand, last4: method.last4 };
  }),
  placeOrder: publicProcedure
    .meta({ limits: ["placeOrderPerBuyer", "placeOrderPerAddress"] })
    .input(
      placeOrderInput.extend({ card: orderCardInput.optional() }).superRefine((input, ctx) => {
        if (input.paymentMethod === "card" && !input.card) ctx.addIssue({ code: "custom", path: ["card"], message: "Enter your card details." });
      }),
    )
    .mutation(async ({ ctx, input: { card, ...input } }) => {
      // The card first: a mistyped or expired one must not leave an order holding stock.
      if (input.paymentMethod === "card" && card) {
        await checkPaymentCard(paymentGateway(), card.kind === "card" ? { paymentMethod: card.paymentMethod } : { confirmationToken: card.confirmationToken });
      }
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
    const maxAttempts = env().payments.maxAttempts;
    const payment = await authorizeOrderPayment(db(), paymentGateway(), { orderId: order.id, maxAttempts, ...source });
    return {
      status: payment.status,
      message: payment.status === "failed" ? declineMessage(payment.lastError) : null,
      /** Card payments this order may still try after this one. */
      attemptsLeft: Math.max(0, maxAttempts - payment.attempt),
      nextAction: payment.nextAction ?? undefined,
    };
  }),
  /** After a declined card: the order is paid on delivery instead, keeping its reservation. */
  payOnDelivery: publicProcedure.input(z.object({ number: orderNumber })).mutation(async ({ ctx, input }) => {
    const order = await buyerOrder(ctx, input.number);
    const switched = await transaction((tx) => switchToPayOnDelivery(tx, order.id));
    return { number: switched.number, paymentMethod: switched.paymentMethod };
  }),
});
