/**
 * Test helper: a local HTTP stand-in for the Stripe API (payment intents, refunds, and reading
 * confirmation tokens and test PaymentMethods), on
 * 127.0.0.1 with a random port. It records every request and can be told to fail. Confirmation
 * tokens (what Stripe.js makes from the Payment Element) are minted with `confirmationToken()`,
 * which also says how confirming with them goes (authorized, or 3-D Secure first).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";

export type StubRequest = { method: string; path: string; form: Record<string, string>; idempotencyKey: string | undefined };

export type StubFailure =
  | { kind: "status"; status: number; type?: string; code?: string; headers?: Record<string, string> }
  | { kind: "decline"; code: string; declineCode?: string; message: string }
  | { kind: "slow"; delayMs: number };

type StubIntent = Record<string, unknown> & { id: string; amount: number };

/** Stripe's test PaymentMethods the stub knows (GET /v1/payment_methods/:id). */
const STUB_TEST_PAYMENT_METHODS: Record<string, { brand: string; last4: string }> = {
  pm_card_visa: { brand: "visa", last4: "4242" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444" },
  pm_card_chargeDeclined: { brand: "visa", last4: "0002" },
};

/** How confirming an intent with a stub confirmation token goes. */
export type StubTokenOutcome = "authorized" | "requires_action";

export class StripeStub {
  readonly requests: StubRequest[] = [];
  private readonly failures: StubFailure[] = [];
  private readonly intents = new Map<string, StubIntent>();
  private readonly tokens = new Map<string, StubTokenOutcome>();
  /** Like Stripe: a repeated Idempotency-Key gets the stored answer and has no new effect. */
  private readonly replies = new Map<string, { status: number; body: unknown }>();
  /** Captures actually performed, per intent. */
  readonly captures = new Map<string, number>();
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));
  private seq = 0;
  /** Ids are unique across stubs: test files share one database, where intent ids are unique. */
  private readonly tag = randomBytes(4).toString("hex");

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` requests fail this way (in order), then the stub is healthy again. */
  fail(failure: StubFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  /** A confirmation token, as `stripe.createConfirmationToken` would return its id. */
  confirmationToken(outcome: StubTokenOutcome = "authorized"): string {
    const id = `ctoken_stub_${++this.seq}`;
    this.tokens.set(id, outcome);
    return id;
  }

  /**
   * The customer finished (or failed) the 3-D Secure challenge in Stripe.js: the intent leaves
   * `requires_action` the way Stripe moves it (then Stripe would send the webhook).
   */
  completeNextAction(intentId: string, outcome: "authorized" | "failed"): void {
    const pi = this.intents.get(intentId);
    if (!pi || pi.status !== "requires_action") throw new Error(`stub: ${intentId} is not waiting for a next action`);
    if (outcome === "authorized") {
      Object.assign(pi, { status: "requires_capture", amount_capturable: pi.amount, next_action: null });
    } else {
      const error = { type: "card_error", code: "payment_intent_authentication_failure", message: "We are unable to authenticate your payment method." };
      Object.assign(pi, { status: "requires_payment_method", last_payment_error: error, next_action: null });
    }
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const form = Object.fromEntries(new URLSearchParams(raw));
    const key = req.headers["idempotency-key"];
    this.requests.push({ method: req.method ?? "GET", path, form, idempotencyKey: typeof key === "string" ? key : undefined });

    const failure = this.failures.shift();
    if (failure?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    if (res.destroyed) return;
    if (failure?.kind === "status") {
      const type = failure.type ?? (failure.status >= 500 ? "api_error" : "invalid_request_error");
      return send(res, failure.status, { error: { type, code: failure.code, message: `stub failure ${failure.status}` } }, failure.headers);
    }
    if (failure?.kind === "decline") {
      const pi = this.createIntent(form, "requires_payment_method");
      const error = { type: "card_error", code: failure.code, decline_code: failure.declineCode, message: failure.message };
      pi.last_payment_error = error;
      return send(res, 402, { error: { ...error, payment_intent: pi } });
    }
    const stored = typeof key === "string" ? this.replies.get(key) : undefined;
    if (stored) return send(res, stored.status, stored.body);
    this.answer(req.method ?? "GET", path, form, {
      send: (status: number, body: unknown) => {
        if (typeof key === "string" && req.method === "POST") this.replies.set(key, { status, body });
        send(res, status, body);
      },
    });
  }

  private answer(method: string, path: string, form: Record<string, string>, res: { send: (status: number, body: unknown) => void }): void {
    if (method === "POST" && path === "/v1/payment_intents") {
      const token = form.confirmation_token;
      if (token !== undefined) {
        if (form.payment_method !== undefined) {
          return res.send(400, { error: { type: "invalid_request_error", message: "You cannot provide both payment_method and confirmation_token." } });
        }
        const outcome = this.tokens.get(token);
        if (!outcome) {
          return res.send(400, { error: { type: "invalid_request_error", code: "resource_missing", param: "confirmation_token", message: `No such confirmationtoken: '${token}'` } });
        }
        if (outcome === "requires_action") {
          const pi = this.createIntent(form, "requires_action");
          pi.next_action = { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect" } };
          return res.send(200, pi);
        }
      }
      return res.send(200, this.createIntent(form, "requires_capture"));
    }
    if (method === "POST" && path === "/v1/refunds") {
      const pi = this.intents.get(form.payment_intent ?? "");
      if (!pi) return res.send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: "No such payment_intent" } });
      const amount = form.amount ? Number(form.amount) : pi.amount;
      return res.send(200, { id: `re_stub_${++this.seq}`, object: "refund", amount, payment_intent: pi.id, status: "succeeded" });
    }
    const token = /^\/v1\/confirmation_tokens\/([^/]+)$/.exec(path);
    if (method === "GET" && token) {
      if (!this.tokens.has(token[1] ?? "")) {
        return res.send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such confirmationtoken: '${token[1]}'` } });
      }
      // Like a token made from a Visa test card in the Payment Element.
      const card = { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, funding: "credit" };
      return res.send(200, { id: token[1], object: "confirmation_token", payment_method_preview: { type: "card", card } });
    }
    const paymentMethod = /^\/v1\/payment_methods\/([^/]+)$/.exec(path);
    if (method === "GET" && paymentMethod) {
      const card = STUB_TEST_PAYMENT_METHODS[paymentMethod[1] ?? ""];
      if (!card) return res.send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such PaymentMethod: '${paymentMethod[1]}'` } });
      return res.send(200, { id: paymentMethod[1], object: "payment_method", type: "card", card: { ...card, exp_month: 12, exp_year: 2034, funding: "credit" } });
    }
    const match = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    const pi = match ? this.intents.get(match[1] ?? "") : undefined;
    if (!match || !pi) {
      return res.send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${match?.[1]}'` } });
    }
    if (method === "POST" && match[2] === "capture") {
      if (pi.status !== "requires_capture") {
        return res.send(400, { error: { type: "invalid_request_error", code: "payment_intent_unexpected_state", message: `This PaymentIntent could not be captured because it has a status of ${String(pi.status)}.` } });
      }
      this.captures.set(pi.id, (this.captures.get(pi.id) ?? 0) + 1);
      Object.assign(pi, { status: "succeeded", amount_received: Number(form.amount_to_capture ?? pi.amount), amount_capturable: 0 });
    } else if (method === "POST" && match[2] === "cancel") {
      Object.assign(pi, { status: "canceled", amount_capturable: 0 });
    }
    res.send(200, pi);
  }

  private createIntent(form: Record<string, string>, status: string): StubIntent {
    const amount = Number(form.amount);
    const id = `pi_stub_${this.tag}${++this.seq}`;
    const pi: StubIntent = {
      id,
      object: "payment_intent",
      client_secret: `${id}_secret_stub${this.seq}`,
      amount,
      amount_capturable: status === "requires_capture" ? amount : 0,
      amount_received: 0,
      capture_method: form.capture_method,
      currency: form.currency,
      metadata: { order_id: form["metadata[order_id]"] },
      last_payment_error: null,
      status,
    };
    this.intents.set(pi.id, pi);
    return pi;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "request-id": "req_stub", ...headers });
  res.end(JSON.stringify(body));
}
