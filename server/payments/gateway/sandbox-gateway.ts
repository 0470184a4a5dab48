import { idempotencyKey } from "./idempotency";
import { toIntentView } from "./intent-view";
import { fromMinorUnits, toMinorUnits } from "./minor-units";
import { cardOutcome } from "./sandbox-cards";
import {
  chargeObject,
  intentObject,
  nowSeconds,
  sandboxEvent,
  sandboxId,
  type SandboxEventType,
  type SandboxIntent,
} from "./sandbox-objects";
import {
  GatewayError,
  PAYMENT_SOURCE_UNSUPPORTED,
  type AuthorizeInput,
  type Money,
  type PaymentGateway,
  type PaymentIntentView,
  type RefundView,
} from "./types";
import { WebhookDeliverer, type DeliverFn } from "./webhook-delivery";

export type SandboxGatewayOptions = {
  webhookUrl: string;
  webhookSecret: string;
  /** The client timeout the slow test card outlasts. */
  timeoutMs?: number;
  deliver?: DeliverFn;
  deliveryAttempts?: number;
  deliveryBackoffMs?: number;
};

type Reply = { fingerprint: string; result: { ok: true; value: unknown } | { ok: false; error: GatewayError } };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function unexpectedState(intent: SandboxIntent, action: string, allowed: string[]): GatewayError {
  return new GatewayError(
    "invalid",
    `This PaymentIntent could not be ${action} because it has a status of ${intent.status}. ` +
      `Only a PaymentIntent with one of the following statuses may be ${action}: ${allowed.join(", ")}.`,
    { code: "payment_intent_unexpected_state", intentId: intent.id },
  );
}

/**
 * Offline stand-in for Stripe (no Stripe key configured). State lives in memory, per process:
 * a restart forgets every intent, so it is for development, tests and demos only. Every
 * mutating call is idempotent by its key (same key → same answer, events sent once), and each
 * state change is delivered as a signed Stripe-format webhook to `webhookUrl`.
 */
export class SandboxGateway implements PaymentGateway {
  private readonly intents = new Map<string, SandboxIntent>();
  private readonly replies = new Map<string, Reply>();
  private readonly webhooks: WebhookDeliverer;
  private readonly timeoutMs: number;

  constructor(options: SandboxGatewayOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.webhooks = new WebhookDeliverer({
      url: options.webhookUrl,
      secret: options.webhookSecret,
      deliver: options.deliver,
      attempts: options.deliveryAttempts,
      backoffMs: options.deliveryBackoffMs,
    });
  }

  /** Resolves once every pending webhook was delivered or given up on (tests, shutdown). */
  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  async authorize(input: AuthorizeInput): Promise<PaymentIntentView> {
    if (input.confirmationToken !== undefined) {
      // Nothing here could read a token Stripe.js made; pretending it authorized would be a lie.
      throw new GatewayError(
        "invalid",
        "The payment sandbox takes Stripe's test card numbers only, not a Stripe confirmation token " +
          "(the Payment Element needs STRIPE_SECRET_KEY as well as STRIPE_PUBLISHABLE_KEY).",
        { code: PAYMENT_SOURCE_UNSUPPORTED, retriable: false },
      );
    }
    const key = idempotencyKey({ op: "authorize", orderId: input.orderId, attempt: input.attempt });
    const outcome = cardOutcome(input.paymentMethod);
    const isReplay = this.replies.has(key);
    const view = this.once(key, input, () => {
      if (!outcome) {
        throw new GatewayError("invalid", `No such PaymentMethod: '${input.paymentMethod}'`, { code: "resource_missing" });
      }
      const amount = toMinorUnits(input.amount);
      const intent: SandboxIntent = {
        id: sandboxId("pi"),
        object: "payment_intent",
        created: nowSeconds(),
        capture_method: "manual",
        description: `Order ${input.orderNumber}`,
        receipt_email: input.customerEmail,
        latest_charge: sandboxId("ch"),
        livemode: false,
        amount,
        amount_capturable: 0,
        amount_received: 0,
        amountRefunded: 0,
        currency: input.amount.currency.toLowerCase(),
        metadata: { order_id: input.orderId, order_number: input.orderNumber },
        status: "requires_capture",
        last_payment_error: null,
      };
      this.intents.set(intent.id, intent);
      if (outcome.kind === "declined") {
        intent.status = "requires_payment_method";
        intent.last_payment_error = { code: outcome.code, decline_code: outcome.declineCode ?? null, message: outcome.message };
        this.emit("payment_intent.payment_failed", intent, key);
        throw new GatewayError("declined", outcome.message, {
          code: outcome.code,
          declineCode: outcome.declineCode,
          intentId: intent.id,
          statusCode: 402,
        });
      }
      intent.amount_capturable = amount;
      this.emit("payment_intent.amount_capturable_updated", intent, key);
      return toIntentView(intent);
    });
    // Like a slow provider: the authorization happened, but the caller gave up waiting. A retry
    // with the same key gets the stored answer at once (PAY-P0-01).
    if (outcome?.kind === "slow" && !isReplay) {
      await sleep(this.timeoutMs);
      throw new GatewayError("timeout", `Payment provider did not answer within ${this.timeoutMs}ms`);
    }
    return view;
  }

  async retrieve(intentId: string): Promise<PaymentIntentView> {
    return toIntentView(this.intent(intentId));
  }

  async capture(intentId: string, amount?: Money): Promise<PaymentIntentView> {
    const key = idempotencyKey({ op: "capture", intentId });
    return this.once(key, { intentId, amount }, () => {
      const intent = this.intent(intentId);
      if (intent.status !== "requires_capture") throw unexpectedState(intent, "captured", ["requires_capture"]);
      const toCapture = amount ? this.minorUnitsOf(intent, amount) : intent.amount_capturable;
      if (toCapture > intent.amount_capturable) {
        throw new GatewayError(
          "invalid",
          `The amount to capture (${toCapture}) must be less than or equal to the amount capturable (${intent.amount_capturable}).`,
          { code: "amount_too_large", intentId },
        );
      }
      intent.status = "succeeded";
      intent.amount_received = toCapture;
      intent.amount_capturable = 0;
      this.emit("payment_intent.succeeded", intent, key);
      return toIntentView(intent);
    });
  }

  async cancel(intentId: string): Promise<PaymentIntentView> {
    const key = idempotencyKey({ op: "cancel", intentId });
    return this.once(key, { intentId }, () => {
      const intent = this.intent(intentId);
      const cancelable = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];
      if (!cancelable.includes(intent.status)) throw unexpectedState(intent, "canceled", cancelable);
      intent.status = "canceled";
      intent.amount_capturable = 0;
      this.emit("payment_intent.canceled", intent, key);
      return toIntentView(intent);
    });
  }

  async refund(intentId: string, amount?: Money, reference?: string): Promise<RefundView> {
    const key = idempotencyKey({ op: "refund", intentId, amount, reference });
    return this.once(key, { intentId, amount, reference }, () => {
      const intent = this.intent(intentId);
      if (intent.status !== "succeeded") {
        throw new GatewayError("invalid", `This PaymentIntent (${intentId}) does not have a successful charge to refund.`, {
          code: "charge_not_refundable",
          intentId,
        });
      }
      const left = intent.amount_received - intent.amountRefunded;
      const toRefund = amount ? this.minorUnitsOf(intent, amount) : left;
      if (toRefund <= 0 || toRefund > left) {
        throw new GatewayError(
          "invalid",
          `Refund amount (${fromMinorUnits(toRefund, intent.currency)}) is greater than unrefunded amount on charge (${fromMinorUnits(left, intent.currency)})`,
          { code: left === 0 ? "charge_already_refunded" : "amount_too_large", intentId },
        );
      }
      intent.amountRefunded += toRefund;
      this.emit("charge.refunded", intent, key);
      return { id: sandboxId("re"), status: "succeeded" };
    });
  }

  /** Runs `operation` once per key; a repeated key replays the stored answer or decline. */
  private once<T>(key: string, params: unknown, operation: () => T): T {
    const fingerprint = JSON.stringify(params);
    const prior = this.replies.get(key);
    if (prior) {
      if (prior.fingerprint !== fingerprint) {
        throw new GatewayError(
          "invalid",
          `Keys for idempotent requests can only be used with the same parameters they were first used with (key ${key}).`,
          { code: "idempotency_key_in_use" },
        );
      }
      if (!prior.result.ok) throw prior.result.error;
      return structuredClone(prior.result.value) as T;
    }
    try {
      const value = operation();
      this.replies.set(key, { fingerprint, result: { ok: true, value: structuredClone(value) } });
      return value;
    } catch (error) {
      // Like Stripe: a decline is a stored result; a request rejected before any effect is not.
      if (error instanceof GatewayError && error.kind === "declined") {
        this.replies.set(key, { fingerprint, result: { ok: false, error } });
      }
      throw error;
    }
  }

  private intent(intentId: string): SandboxIntent {
    const intent = this.intents.get(intentId);
    if (!intent) {
      throw new GatewayError("invalid", `No such payment_intent: '${intentId}'`, { code: "resource_missing", statusCode: 404 });
    }
    return intent;
  }

  private minorUnitsOf(intent: SandboxIntent, amount: Money): number {
    if (amount.currency.toLowerCase() !== intent.currency) {
      throw new GatewayError("invalid", `Currency ${amount.currency} does not match the PaymentIntent's ${intent.currency}`, {
        code: "parameter_invalid",
        intentId: intent.id,
      });
    }
    return toMinorUnits(amount);
  }

  private emit(type: SandboxEventType, intent: SandboxIntent, key: string): void {
    const object = type === "charge.refunded" ? chargeObject(intent) : intentObject(intent);
    this.webhooks.enqueue(sandboxEvent(type, object, key));
  }
}
