import type { Payment } from "@/db/schema";

/** What to tell a customer about a failed card payment, by Stripe decline code. */
export function declineMessage(error: Payment["lastError"]): string {
  const reason = (() => {
    switch (error?.declineCode ?? error?.code) {
      case "insufficient_funds":
        return "Your card has insufficient funds.";
      case "expired_card":
        return "Your card has expired.";
      case "processing_error":
        return "We couldn't process your card.";
      case "incorrect_cvc":
        return "The card's security code is incorrect.";
      default:
        return "Your card was declined.";
    }
  })();
  return `${reason} Nothing was charged, and your items are still reserved: try another card, or pay on delivery.`;
}
