import type { SandboxCardOutcome } from "@/db/schema";

/** Authorized, declined with Stripe's codes, or slow (answers only after the client timeout). */
export type CardOutcome = SandboxCardOutcome;

const authorized: CardOutcome = { kind: "authorized" };
const generic: CardOutcome = { kind: "declined", code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };
const insufficient: CardOutcome = {
  kind: "declined",
  code: "card_declined",
  declineCode: "insufficient_funds",
  message: "Your card has insufficient funds.",
};
const expired: CardOutcome = { kind: "declined", code: "expired_card", declineCode: "expired_card", message: "Your card has expired." };
const processing: CardOutcome = {
  kind: "declined",
  code: "processing_error",
  message: "An error occurred while processing your card. Try again in a little bit.",
};
const slow: CardOutcome = { kind: "slow" };

/**
 * Stripe's test cards (and their pm_card_* PaymentMethod ids, so the same values work against
 * Stripe test mode). 4000000000000259 is Depot's own choice for "slow provider": in Stripe it
 * is a dispute card, which Depot does not model.
 */
export const SANDBOX_CARDS: Record<string, CardOutcome> = {
  "4242424242424242": authorized,
  "4000056655665556": authorized,
  "5555555555554444": authorized,
  "2223003122003222": authorized,
  "378282246310005": authorized,
  "6011111111111117": authorized,
  "4000000000000002": generic,
  "4000000000009995": insufficient,
  "4000000000000069": expired,
  "4000000000000119": processing,
  "4000000000000259": slow,
  pm_card_visa: authorized,
  pm_card_chargeDeclined: generic,
  pm_card_chargeDeclinedInsufficientFunds: insufficient,
  pm_card_chargeDeclinedExpiredCard: expired,
  pm_card_chargeDeclinedProcessingError: processing,
};

export const SLOW_TEST_CARD = "4000000000000259";

export function cardOutcome(paymentMethod: string): CardOutcome | undefined {
  return SANDBOX_CARDS[paymentMethod.replace(/[\s-]/g, "")];
}

/** The test card number behind each of Stripe's pm_card_* ids, for its brand and last four digits. */
const PM_TEST_NUMBERS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedProcessingError: "4000000000000119",
};

export function testCardNumberOf(paymentMethod: string): string {
  return PM_TEST_NUMBERS[paymentMethod] ?? paymentMethod.replace(/[\s-]/g, "");
}
