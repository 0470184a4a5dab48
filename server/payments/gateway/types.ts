import type { CardDetails } from "./card-check";

export type Money = { amount: string /* decimal string, e.g. "54.48" */; currency: string /* "USD" */ };

/**
 * What the customer pays with; exactly one of the two.
 * - `paymentMethod`: a Stripe PaymentMethod id (pm_…) or, in the sandbox, a test card number like
 *   "4242424242424242". The Stripe gateway refuses card numbers (they never leave for Stripe).
 * - `confirmationToken`: a Stripe ConfirmationToken (ctoken_…) that Stripe.js made from the
 *   checkout's Payment Element. Only the Stripe gateway takes it; the sandbox refuses it.
 * Either refusal is a GatewayError of kind "invalid" with code `payment_source_unsupported`.
 */
export type PaymentSource =
  | { paymentMethod: string; confirmationToken?: never }
  | { confirmationToken: string; paymentMethod?: never };

/** The GatewayError code for a payment source this gateway cannot use (see PaymentSource). */
export const PAYMENT_SOURCE_UNSUPPORTED = "payment_source_unsupported";

export type AuthorizeInput = PaymentSource & {
  orderId: string;
  orderNumber: string;
  amount: Money;
  customerEmail: string;
  /**
   * 1 for the first authorization of an order, 2 for a new attempt after a decline (new card).
   * It is part of the idempotency key: a provider replays the stored result of a key, so a
   * retry with a new card under the old key would just return the old decline.
   */
  attempt?: number;
};

export type IntentStatus =
  | "requires_payment_method"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "succeeded"
  | "canceled";

export type PaymentIntentView = {
  id: string;
  status: IntentStatus;
  amount: Money;
  amountCapturable: string;
  amountReceived: string;
  orderId: string | null;
  lastError: { code: string; declineCode?: string; message: string } | null;
  /**
   * Set only while the intent is `requires_action` (e.g. 3-D Secure): the intent's client secret,
   * which Stripe.js needs for `handleNextAction`. Hand it to the paying customer's browser only;
   * never store or log it.
   */
  nextAction: { clientSecret: string } | null;
};

export type RefundView = { id: string; status: string };

/** The card behind a payment source, as the provider describes it: never the number. */
export type CardSummary = { brand: string; last4: string };
export type CardPaymentMethod = CardSummary & { id: string };

export interface PaymentGateway {
  /**
   * Like Stripe.js `createPaymentMethod`, for the sandbox card form: checks the card (number,
   * Luhn, brand, expiry, security code) and makes a PaymentMethod id to pay with. A card refused
   * is a GatewayError of kind "card_invalid" with Stripe's code (incorrect_number, ...). The
   * Stripe gateway refuses (payment_source_unsupported): with Stripe the card goes to Stripe only.
   */
  createCardPaymentMethod(card: CardDetails): Promise<CardPaymentMethod>;
  /**
   * The card of a payment source, checked with the provider before any order or charge
   * (a confirmation token or PaymentMethod it knows, a sandbox test card). Refused: "card_invalid".
   */
  describeCard(source: PaymentSource): Promise<CardSummary>;
  /**
   * PaymentIntent with capture_method manual, confirm: true, metadata.order_id. It may come back
   * `requires_action` (3-D Secure) with `nextAction`; the outcome then arrives by webhook.
   */
  authorize(input: AuthorizeInput): Promise<PaymentIntentView>;
  /** Handlers re-read the intent, so out-of-order webhooks converge. */
  retrieve(intentId: string): Promise<PaymentIntentView>;
  capture(intentId: string, amount?: Money): Promise<PaymentIntentView>;
  /** Voids an authorization. */
  cancel(intentId: string): Promise<PaymentIntentView>;
  /**
   * `reference` (e.g. a return id) names the refund in its idempotency key; without it two
   * partial refunds of the same amount on one intent would be the same refund.
   */
  refund(intentId: string, amount?: Money, reference?: string): Promise<RefundView>;
}

/** `card_invalid`: the card details themselves are refused (before any charge); `code` says why. */
export type GatewayErrorKind = "declined" | "card_invalid" | "invalid" | "timeout" | "unavailable" | "circuit_open";

export type GatewayErrorDetails = {
  /** May the same call (same idempotency key) succeed later? Never true for a decline. */
  retriable?: boolean;
  /** Provider error code, e.g. card_declined, payment_intent_unexpected_state, lock_timeout. */
  code?: string;
  declineCode?: string;
  /** The intent a declined authorization created, when the provider reports it. */
  intentId?: string;
  statusCode?: number;
  cause?: unknown;
};

const retriableByDefault: Record<GatewayErrorKind, boolean> = {
  declined: false,
  card_invalid: false,
  invalid: false,
  timeout: true,
  unavailable: true,
  circuit_open: true,
};

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  readonly retriable: boolean;
  readonly code?: string;
  readonly declineCode?: string;
  readonly intentId?: string;
  readonly statusCode?: number;

  constructor(kind: GatewayErrorKind, message: string, details: GatewayErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "GatewayError";
    this.kind = kind;
    this.retriable = details.retriable ?? retriableByDefault[kind];
    this.code = details.code;
    this.declineCode = details.declineCode;
    this.intentId = details.intentId;
    this.statusCode = details.statusCode;
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}
