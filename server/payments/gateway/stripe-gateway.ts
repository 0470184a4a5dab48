import Stripe from "stripe";
import { idempotencyKey } from "./idempotency";
import { toIntentView } from "./intent-view";
import { toMinorUnits } from "./minor-units";
import { createResilience, defaultResilience, type ResilienceOptions, type Resilient } from "./resilience";
import { fromStripeError } from "./stripe-errors";
import {
  type AuthorizeInput,
  type Money,
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
    const settings: ResilienceOptions = { ...defaultResilience };
    for (const key of Object.keys(defaultResilience) as (keyof ResilienceOptions)[]) {
      const value = options[key];
      if (value !== undefined) settings[key] = value;
    }
    this.stripe = new Stripe(options.secretKey, {
      host: options.host,
      port: options.port,
      protocol: options.protocol,
      timeout: settings.timeoutMs,
      // Retries are ours (bounded, with backoff, behind the breaker), never the SDK's.
      maxNetworkRetries: 0,
      telemetry: false,
    });
    this.resilient = createResilience(settings, fromStripeError);
  }

  /** For health checks: "closed" | "open" | "half-open" | "isolated". */
  get circuitState(): string {
    return ["closed", "open", "half-open", "isolated"][this.resilient.breaker.state] ?? "unknown";
  }

  async authorize(input: AuthorizeInput): Promise<PaymentIntentView> {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: toMinorUnits(input.amount),
      currency: input.amount.currency.toLowerCase(),
      capture_method: "manual",
      confirm: true,
      payment_method: input.paymentMethod,
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
