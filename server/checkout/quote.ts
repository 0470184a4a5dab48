import { z } from "zod";
import { amount, toCents, toDb, ZERO, type Amount } from "@/server/vocabulary/money";
import type { DbOrTx } from "@/db/client";
import type { Promotion } from "@/db/schema";
import type { CartView } from "@/server/cart";
import { DomainError } from "@/server/lib/errors";
import { applyPromotions, normalizeCodes, type AppliedPromotion, checkCustomerLimits, promotionsByCodes } from "@/server/promotions";
import { shippingPrice, type ShippingMethod } from "./shipping";
import { usStates } from "@/server/vocabulary/us-states";

export const promotionCodesInput = z.array(z.string().trim().max(40, "That code is too long")).max(3, "Use at most 3 codes").default([]);

export type Totals = { subtotal: Amount; discount: Amount; shipping: Amount; tax: Amount; total: Amount };

export type Quote = {
  currency: string;
  subtotal: string;
  discount: string;
  shipping: string;
  tax: string;
  total: string;
  codes: { code: string; discount: string }[];
};

export type PricedQuote = { quote: Quote; totals: Totals; applied: AppliedPromotion[]; promotions: Promotion[] };

/**
 * Prices a cart on the server: subtotal from current prices, codes, shipping, state sales tax
 * on the discounted goods. The client never sends a price.
 */
export async function priceCart(
  db: DbOrTx,
  cart: CartView,
  input: { codes: string[]; shippingMethod: ShippingMethod; region?: string; now?: Date; customerKey?: string },
): Promise<PricedQuote> {
  const subtotal = amount(cart.subtotal);
  const shippingBase = shippingPrice(input.shippingMethod, subtotal);
  const promotions = await promotionsByCodes(db, normalizeCodes(input.codes));
  if (input.customerKey) await checkCustomerLimits(db, promotions, input.customerKey);
  const outcome = applyPromotions(promotions, { subtotal, shipping: shippingBase, currency: cart.currency, now: input.now ?? new Date() });
  const discount = outcome.discount;
  const shipping = shippingBase.minus(outcome.shippingDiscount);
  const rate = input.region ? usStates[input.region]?.tax : undefined;
  const tax = rate ? toCents(subtotal.minus(discount).times(amount(rate)).dividedBy(100)) : ZERO;
  const total = subtotal.minus(discount).plus(shipping).plus(tax);
  return {
    totals: { subtotal, discount, shipping, tax, total },
    applied: outcome.applied,
    promotions,
    quote: {
      currency: cart.currency,
      subtotal: toDb(subtotal),
      discount: toDb(discount),
      shipping: toDb(shipping),
      tax: toDb(tax),
      total: toDb(total),
      codes: outcome.applied.map((a) => ({ code: a.code, discount: toDb(a.discount.plus(a.shippingDiscount)) })),
    },
  };
}

export function requirePurchasable(cart: CartView): void {
  if (cart.lines.length === 0) throw new DomainError("PRECONDITION_FAILED", "Your cart is empty.", { reason: "empty_cart" });
  const problem = cart.lines.find((l) => l.problem);
  if (problem) {
    throw new DomainError("PRECONDITION_FAILED", `${problem.name}: ${problem.problem}`, {
      reason: problem.unitPrice !== null && problem.available < problem.quantity ? "out_of_stock" : "not_for_sale",
      productId: problem.productId,
    });
  }
}
