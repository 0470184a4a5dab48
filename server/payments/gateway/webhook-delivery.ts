import { logger } from "@/server/lib/logging";
import { signStripePayload } from "./webhook-signature";

export type DeliverFn = (url: string, body: string, headers: Record<string, string>) => Promise<Response>;

export type WebhookDeliveryOptions = {
  url: string;
  secret: string;
  /** Injectable transport; defaults to fetch (POST). */
  deliver?: DeliverFn;
  /** Tries per event, first one included. */
  attempts?: number;
  /** Delay before the 2nd try; doubles after each failure. */
  backoffMs?: number;
  requestTimeoutMs?: number;
};

export type WebhookEvent = { id: string; type: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers Stripe-format events like Stripe does: after the API call has returned, as the raw
 * JSON body with a freshly signed Stripe-Signature header per try, retried with backoff on a
 * non-2xx answer or a connection error. Events are independent, so order is not guaranteed.
 */
export class WebhookDeliverer {
  private readonly pending = new Set<Promise<void>>();
  private readonly deliver: DeliverFn;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: WebhookDeliveryOptions) {
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.deliver =
      options.deliver ??
      ((url, body, headers) =>
        fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(requestTimeoutMs) }));
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.backoffMs = options.backoffMs ?? 500;
  }

  enqueue(event: WebhookEvent): void {
    const body = JSON.stringify(event);
    const run = sleep(0).then(() => this.send(event, body));
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves when every enqueued event was delivered or given up on. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async send(event: WebhookEvent, body: string): Promise<void> {
    let lastError = "";
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await sleep(this.backoffMs * 2 ** (attempt - 2));
      try {
        const res = await this.deliver(this.options.url, body, {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signStripePayload(body, this.options.secret),
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) depot-sandbox",
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return;
        lastError = `HTTP ${res.status}`;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    logger.warn(
      { component: "payments.sandbox", eventId: event.id, type: event.type, url: this.options.url, lastError },
      "sandbox webhook delivery gave up",
    );
  }
}
