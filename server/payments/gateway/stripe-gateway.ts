import Stripe from "stripe";
import { createResilience, resilienceOptions, type ResilienceOptions, type Resilient } from "@/server/lib/resilience";
import { idempotencyKey } from "./idempotency";
import { toIntentView } from "./intent-view";
import { toMinorUnits } from "./minor-units";
import { stripeErrors } from "./stripe-errors";
import {
  GatewayError,
  PAYMENT_SOURCE_UNSUPPORTED,
  type AuthorizeInput,
  type CardPaymentMethod,
  type CardSummary,
  type Money,
  type PaymentSource,
  type PaymentGateway,
  type PaymentIntentView,
  type RefundView,
} from "./types";

export type StripeGatewayOptions = Partial<ResilienceOptions> & {
  secretKey: string;
  /** Defaults to api.stripe.com:443 over https; tests point these at a local stub. */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
};

/** The real gateway: Stripe SDK, our idempotency keys, timeout + retry + circuit breaker. */
export class StripeGateway implements PaymentGateway {
  private readonly stripe: Stripe;
  private readonly resilient: Resilient;

  constructor(options: StripeGatewayOptions) {
    const settings = resilienceOptions(options);
    this.stripe = new Stripe(options.secretKey, {
      host: options.host,
      port: options.port,
      protocol: options.protocol,
      timeout: settings.timeoutMs,
      // Retries are ours (bounded, with backoff, behind the breaker), never the SDK's.
      maxNetworkRetries: 0,
      telemetry: false,
    });
    this.resilient = createResilience(settings, stripeErrors);
  }

  /** For health checks: "closed" | "open" | "half-open" | "isolated". */
  get circuitState(): string {
    return this.resilient.circuitState;
  }

  /**
   * Creates and confirms the intent (manual capture) with what Stripe.js collected: a
   * confirmation token from the Payment Element, or a PaymentMethod id. When the card asks for
   * 3-D Secure the intent comes back `requires_action` with `nextAction.clientSecret` for
   * `stripe.handleNextAction`; the outcome then arrives by webhook, like every other outcome.
   */
  async authorize(input: AuthorizeInput): Promise<PaymentIntentView> {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: toMinorUnits(input.amount),
      currency: input.amount.currency.toLowerCase(),
      capture_method: "manual",
      confirm: true,
      ...paymentSourceParams(input),
      // No redirect-based methods, so confirming server-side needs no return_url.
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      receipt_email: input.customerEmail,
      description: `Order ${input.orderNumber}`,
      metadata: { order_id: input.orderId, order_number: input.orderNumber },
    };
    const key = idempotencyKey({ op: "authorize", orderId: input.orderId, attempt: input.attempt });
    const pi = await this.resilient.run(() => this.stripe.paymentIntents.create(params, { idempotencyKey: key }));
    return toIntentView(pi);
  }

  /** Card details never pass through our server on the Stripe path: Stripe.js sends them to Stripe. */
  async createCardPaymentMethod(): Promise<CardPaymentMethod> {
    throw rawCardRefused();
  }

  /**
   * Reads the confirmation token (or PaymentMethod) Stripe.js made: Stripe checked the card when
   * it made it. A token Stripe does not know (mistyped, expired after its 12 hours, another
   * account's) is the card refused: the customer enters it again.
   */
  async describeCard(source: PaymentSource): Promise<CardSummary> {
    try {
      if (source.confirmationToken !== undefined) {
        const token = await this.resilient.run(() => this.stripe.confirmationTokens.retrieve(source.confirmationToken));
        return cardSummary(token.payment_method_preview?.card ?? null);
      }
      if (!PAYMENT_METHOD_ID.test(source.paymentMethod)) throw rawCardRefused();
      const method = await this.resilient.run(() => this.stripe.paymentMethods.retrieve(source.paymentMethod));
      return cardSummary(method.card ?? null);
    } catch (error) {
      if (error instanceof GatewayError && error.kind === "invalid" && error.code === "resource_missing") {
        throw new GatewayError("card_invalid", "We couldn't read your card details any more. Enter your card again.", { code: "resource_missing", cause: error });
      }
      throw error;
    }
  }

  async retrieve(intentId: string): Promise<PaymentIntentView> {
    return toIntentView(await this.resilient.run(() => this.stripe.paymentIntents.retrieve(intentId)));
  }

  async capture(intentId: string, amount?: Money): Promise<PaymentIntentView> {
    const params: Stripe.PaymentIntentCaptureParams = amount ? { amount_to_capture: toMinorUnits(amount) } : {};
    const key = idempotencyKey({ op: "capture", intentId });
    const pi = await this.resilient.run(() => this.stripe.paymentIntents.capture(intentId, params, { idempotencyKey: key }));
    return toIntentView(pi);
  }

  async cancel(intentId: string): Promise<PaymentIntentView> {
    const key = idempotencyKey({ op: "cancel", intentId });
    const pi = await this.resilient.run(() => this.stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey: key }));
    return toIntentView(pi);
  }

  async refund(intentId: string, amount?: Money, reference?: string): Promise<RefundView> {
    const params: Stripe.RefundCreateParams = {
      payment_intent: intentId,
      ...(amount ? { amount: toMinorUnits(amount) } : {}),
      ...(reference ? { metadata: { reference } } : {}),
    };
    const key = idempotencyKey({ op: "refund", intentId, amount, reference });
    const refund = await this.resilient.run(() => this.stripe.refunds.create(params, { idempotencyKey: key }));
    return { id: refund.id, status: refund.status ?? "pending" };
  }
}

/** Stripe PaymentMethod ids (and the legacy card and source ids Stripe still takes as one). */
const PAYMENT_METHOD_ID = /^(pm|card|src)_[A-Za-z0-9_]+$/;

/**
 * The intent's payment source. A raw card number (what the sandbox card form sends) is refused
 * here, before any request: Stripe only takes card details collected by Stripe.js, and a card
 * number must never be sent from our server. Stripe's pm_card_* test ids still work.
 */
function paymentSourceParams(input: AuthorizeInput): Pick<Stripe.PaymentIntentCreateParams, "payment_method" | "confirmation_token"> {
  if (input.confirmationToken !== undefined) return { confirmation_token: input.confirmationToken };
  if (PAYMENT_METHOD_ID.test(input.paymentMethod)) return { payment_method: input.paymentMethod };
  throw rawCardRefused();
}

function rawCardRefused(): GatewayError {
  return new GatewayError(
    "invalid",
    "Stripe takes cards only through Stripe.js (a confirmation token from the Payment Element, or a pm_... PaymentMethod id); " +
      "a card number is never sent to Stripe. Set STRIPE_PUBLISHABLE_KEY so the checkout shows the Payment Element.",
    { code: PAYMENT_SOURCE_UNSUPPORTED, retriable: false },
  );
}

/** Brand and last four of a card Stripe describes; a source that is not a card is refused. */
function cardSummary(card: { brand: string; last4: string } | null): CardSummary {
  if (!card) throw new GatewayError("card_invalid", "Pay with a card.", { code: "payment_method_not_card" });
  return { brand: card.brand, last4: card.last4 };
}
