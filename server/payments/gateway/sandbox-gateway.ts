import type { Db, Tx } from "@/db/client";
import { idempotencyKey } from "./idempotency";
import { toIntentView } from "./intent-view";
import { fromMinorUnits, toMinorUnits } from "./minor-units";
import { checkCard, checkCardNumber, type CardDetails, type CardCheck } from "./card-check";
import { cardOutcome, testCardNumberOf, type CardOutcome } from "./sandbox-cards";
import {
  chargeObject,
  intentObject,
  nowSeconds,
  sandboxEvent,
  sandboxId,
  type SandboxEventType,
  type SandboxIntent,
} from "./sandbox-objects";
import { findIntent, findPaymentMethod, idempotent, insertIntent, insertPaymentMethod, sandboxDb, saveIntent, unwrap } from "./sandbox-store";
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
import { WebhookDeliverer, type DeliverFn, type OwedWebhook } from "./webhook-delivery";

export type SandboxGatewayOptions = {
  webhookUrl: string;
  webhookSecret: string;
  /** Where the sandbox keeps its intents, answers and owed webhooks; defaults to its own pool on DATABASE_URL. */
  db?: Db;
  /** The client timeout the slow test card outlasts. */
  timeoutMs?: number;
  deliver?: DeliverFn;
  deliveryAttempts?: number;
  deliveryBackoffMs?: number;
  /** How long a delivering process holds an owed webhook before another sandbox may send it. */
  deliveryLeaseMs?: number;
};

/** Records the webhook a change owes, in the change's transaction. */
type Emit = (type: SandboxEventType, intent: SandboxIntent) => Promise<void>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function unexpectedState(intent: SandboxIntent, action: string, allowed: string[]): GatewayError {
  return new GatewayError(
    "invalid",
    `This PaymentIntent could not be ${action} because it has a status of ${intent.status}. ` +
      `Only a PaymentIntent with one of the following statuses may be ${action}: ${allowed.join(", ")}.`,
    { code: "payment_intent_unexpected_state", intentId: intent.id },
  );
}

/** Stripe's answer, in test mode, to a well-formed card number that is not one of its test cards. */
const NOT_A_TEST_CARD =
  "Your card was declined. Your request was in test mode, but used a non test card. Use one of the test cards listed on the checkout page.";

function cardRefused(check: Extract<CardCheck, { ok: false }>): GatewayError {
  return new GatewayError("card_invalid", check.message, { code: check.code, statusCode: 402 });
}

function notATestCard(): GatewayError {
  return new GatewayError("card_invalid", NOT_A_TEST_CARD, { code: "card_declined", declineCode: "test_mode_live_card", statusCode: 402 });
}

function confirmationTokenRefused(): GatewayError {
  // Nothing here could read a token Stripe.js made; pretending it authorized would be a lie.
  return new GatewayError(
    "invalid",
    "The payment sandbox takes Stripe's test card numbers only, not a Stripe confirmation token " +
      "(the Payment Element needs STRIPE_SECRET_KEY as well as STRIPE_PUBLISHABLE_KEY).",
    { code: PAYMENT_SOURCE_UNSUPPORTED, retriable: false },
  );
}

const SANDBOX_PAYMENT_METHOD = /^pm_sandbox_[0-9a-f]+$/;

/** The sandbox's database failing is the provider being unavailable (like a Stripe 5xx): retriable, nothing done. */
async function reachable<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatewayError("unavailable", `The payment sandbox could not reach its database: ${reason}`, { retriable: true, cause: error });
  }
}

/**
 * Offline stand-in for Stripe (no Stripe key configured). Its state lives in PostgreSQL
 * (sandbox-store.ts): a restart, or another process on the same database, sees every intent and
 * every stored answer. Every mutating call is idempotent by its key (same key → same answer,
 * events sent once, however many connections ask at once), and each state change is delivered
 * as a signed Stripe-format webhook to `webhookUrl`, recorded with the change so none is lost.
 */
export class SandboxGateway implements PaymentGateway {
  private readonly webhooks: WebhookDeliverer;
  private readonly timeoutMs: number;
  private readonly db: () => Db;

  constructor(options: SandboxGatewayOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const database = options.db;
    this.db = database ? () => database : sandboxDb;
    this.webhooks = new WebhookDeliverer({
      url: options.webhookUrl,
      secret: options.webhookSecret,
      db: this.db,
      deliver: options.deliver,
      attempts: options.deliveryAttempts,
      backoffMs: options.deliveryBackoffMs,
      leaseMs: options.deliveryLeaseMs,
    });
    // A sandbox starting (a new process) first sends what a dead one still owed its endpoint.
    void this.webhooks.resume();
  }

  /** Resolves once every pending webhook was delivered or given up on (tests, shutdown). */
  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  /**
   * Checks the card like Stripe does when it makes a PaymentMethod, and keeps its brand, last
   * four digits, expiry and test-card outcome (never its number) under a pm_sandbox_ id.
   */
  async createCardPaymentMethod(card: CardDetails): Promise<CardPaymentMethod> {
    const checked = checkCard(card);
    if (!checked.ok) throw cardRefused(checked);
    const outcome = cardOutcome(checked.digits);
    if (!outcome) throw notATestCard();
    const method = { id: sandboxId("pm"), brand: checked.brand, last4: checked.last4, expMonth: card.expMonth, expYear: card.expYear, outcome };
    await reachable(() => insertPaymentMethod(this.db(), method));
    return { id: method.id, brand: method.brand, last4: method.last4 };
  }

  async describeCard(source: PaymentSource): Promise<CardSummary> {
    if (source.confirmationToken !== undefined) throw confirmationTokenRefused();
    const { card } = await this.cardFor(source.paymentMethod);
    return card;
  }

  /** A pm_sandbox_ PaymentMethod, a pm_card_* id or a raw test card number: its card and outcome. */
  private async cardFor(paymentMethod: string): Promise<{ card: CardSummary; outcome: CardOutcome }> {
    if (SANDBOX_PAYMENT_METHOD.test(paymentMethod)) {
      const stored = await reachable(() => findPaymentMethod(this.db(), paymentMethod));
      if (!stored) {
        throw new GatewayError("card_invalid", `No such PaymentMethod: '${paymentMethod}'`, { code: "resource_missing", statusCode: 404 });
      }
      return { card: { brand: stored.brand, last4: stored.last4 }, outcome: stored.outcome };
    }
    const checked = checkCardNumber(testCardNumberOf(paymentMethod));
    if (!checked.ok) throw cardRefused(checked);
    const outcome = cardOutcome(paymentMethod);
    if (!outcome) throw notATestCard();
    return { card: { brand: checked.brand, last4: checked.last4 }, outcome };
  }

  async authorize(input: AuthorizeInput): Promise<PaymentIntentView> {
    if (input.confirmationToken !== undefined) throw confirmationTokenRefused();
    const key = idempotencyKey({ op: "authorize", orderId: input.orderId, attempt: input.attempt });
    const { outcome } = await this.cardFor(input.paymentMethod);
    const { value: view, replayed } = await this.once(key, input, async (tx, emit) => {
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
      if (outcome.kind === "declined") {
        intent.status = "requires_payment_method";
        intent.last_payment_error = { code: outcome.code, decline_code: outcome.declineCode ?? null, message: outcome.message };
        await insertIntent(tx, intent);
        await emit("payment_intent.payment_failed", intent);
        throw new GatewayError("declined", outcome.message, {
          code: outcome.code,
          declineCode: outcome.declineCode,
          intentId: intent.id,
          statusCode: 402,
        });
      }
      intent.amount_capturable = amount;
      await insertIntent(tx, intent);
      await emit("payment_intent.amount_capturable_updated", intent);
      return toIntentView(intent);
    });
    // Like a slow provider: the authorization happened, but the caller gave up waiting. A retry
    // with the same key gets the stored answer at once (PAY-P0-01).
    if (outcome.kind === "slow" && !replayed) {
      await sleep(this.timeoutMs);
      throw new GatewayError("timeout", `Payment provider did not answer within ${this.timeoutMs}ms`);
    }
    return view;
  }

  async retrieve(intentId: string): Promise<PaymentIntentView> {
    return toIntentView(await reachable(() => this.intent(this.db(), intentId)));
  }

  async capture(intentId: string, amount?: Money): Promise<PaymentIntentView> {
    const key = idempotencyKey({ op: "capture", intentId });
    const { value } = await this.once(key, { intentId, amount }, async (tx, emit) => {
      const intent = await this.intent(tx, intentId, { lock: true });
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
      await saveIntent(tx, intent);
      await emit("payment_intent.succeeded", intent);
      return toIntentView(intent);
    });
    return value;
  }

  async cancel(intentId: string): Promise<PaymentIntentView> {
    const key = idempotencyKey({ op: "cancel", intentId });
    const { value } = await this.once(key, { intentId }, async (tx, emit) => {
      const intent = await this.intent(tx, intentId, { lock: true });
      const cancelable = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];
      if (!cancelable.includes(intent.status)) throw unexpectedState(intent, "canceled", cancelable);
      intent.status = "canceled";
      intent.amount_capturable = 0;
      await saveIntent(tx, intent);
      await emit("payment_intent.canceled", intent);
      return toIntentView(intent);
    });
    return value;
  }

  async refund(intentId: string, amount?: Money, reference?: string): Promise<RefundView> {
    const key = idempotencyKey({ op: "refund", intentId, amount, reference });
    const { value } = await this.once(key, { intentId, amount, reference }, async (tx, emit) => {
      const intent = await this.intent(tx, intentId, { lock: true });
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
      await saveIntent(tx, intent);
      await emit("charge.refunded", intent);
      return { id: sandboxId("re"), status: "succeeded" };
    });
    return value;
  }

  /**
   * Runs `operation` once per key (sandbox-store.ts `idempotent`); the webhooks it recorded are
   * sent once its transaction has committed, and never again for a replay.
   */
  private async once<T>(key: string, params: unknown, operation: (tx: Tx, emit: Emit) => Promise<T>): Promise<{ value: T; replayed: boolean }> {
    const owed: OwedWebhook[] = [];
    const { result, replayed } = await reachable(() =>
      idempotent(this.db(), key, params, (tx) =>
        operation(tx, async (type, intent) => {
          const object = type === "charge.refunded" ? chargeObject(intent) : intentObject(intent);
          owed.push(await this.webhooks.record(tx, sandboxEvent(type, object, key)));
        }),
      ),
    );
    this.webhooks.dispatch(owed);
    return { value: unwrap<T>(result), replayed };
  }

  private async intent(db: Db | Tx, intentId: string, options: { lock?: boolean } = {}): Promise<SandboxIntent> {
    const intent = await findIntent(db, intentId, options);
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
}
