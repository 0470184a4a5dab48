import { DomainError } from "@/server/lib/errors";
import { isGatewayError, PAYMENT_SOURCE_UNSUPPORTED, type CardDetails, type CardPaymentMethod, type CardSummary, type PaymentGateway, type PaymentSource } from "./gateway";

/**
 * A card the provider refuses (mistyped number, past expiry, ...) as the customer sees it: the
 * provider's sentence beside the card field (`fieldErrors.card`), Stripe's code as the reason.
 */
export function cardRefusal(error: unknown): DomainError {
  if (isGatewayError(error) && error.kind === "card_invalid") {
    return new DomainError("INVALID_INPUT", error.message, { reason: error.code ?? "card_invalid", fieldErrors: { card: [error.message] } });
  }
  if (isGatewayError(error) && error.code === PAYMENT_SOURCE_UNSUPPORTED) {
    // The page and the server disagree on how cards are taken (e.g. the Payment Element was
    // shown, then the app restarted without Stripe). Nothing reached a provider.
    const message = "This card can't be taken the way it was entered. Reload the page and enter it again.";
    return new DomainError("INVALID_INPUT", message, { reason: PAYMENT_SOURCE_UNSUPPORTED, fieldErrors: { card: [message] } });
  }
  return new DomainError("UNAVAILABLE", "We couldn't reach the payment provider. Please try again in a moment.", { reason: "payment_unavailable" });
}

/** The sandbox card form's card, checked and made a PaymentMethod before any order exists. */
export async function createCardPaymentMethod(gateway: PaymentGateway, card: CardDetails): Promise<CardPaymentMethod> {
  try {
    return await gateway.createCardPaymentMethod(card);
  } catch (error) {
    throw cardRefusal(error);
  }
}

/** The card of what the customer pays with, checked by the provider; refused → INVALID_INPUT on `card`. */
export async function checkPaymentCard(gateway: PaymentGateway, source: PaymentSource): Promise<CardSummary> {
  try {
    return await gateway.describeCard(source);
  } catch (error) {
    throw cardRefusal(error);
  }
}
