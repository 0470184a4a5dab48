import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sandboxWebhookDeliveries } from "@/db/schema";
import { logger } from "@/server/lib/logging";
import { signStripePayload } from "./webhook-signature";

export type DeliverFn = (url: string, body: string, headers: Record<string, string>) => Promise<Response>;

export type WebhookDeliveryOptions = {
  url: string;
  secret: string;
  /** The database the owed events are kept in. */
  db: () => Db;
  /** Injectable transport; defaults to fetch (POST). */
  deliver?: DeliverFn;
  /** Tries per delivery run, first one included. */
  attempts?: number;
  /** Delay before the 2nd try; doubles after each failure. */
  backoffMs?: number;
  requestTimeoutMs?: number;
  /**
   * How long the delivering process holds an owed event; renewed before every try. A pending
   * event past it belonged to a process that died: the next deliverer on the endpoint takes it.
   */
  leaseMs?: number;
};

export type WebhookEvent = { id: string; type: string };
/** An event recorded as owed to the endpoint, with the exact body every try sends. */
export type OwedWebhook = { id: string; type: string; body: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const RESUME_BATCH = 100;

/**
 * Delivers Stripe-format events like Stripe does: after the API call has returned, as the raw
 * JSON body with a freshly signed Stripe-Signature header per try, retried with backoff on a
 * non-2xx answer or a connection error. Events are independent, so order is not guaranteed.
 *
 * Durable: each event is first recorded in `sandbox_webhook_deliveries` by the transaction of
 * the change it reports, and marked delivered (or failed, once every try of the run failed).
 * An event whose process died before that is delivered by the next deliverer on the same
 * endpoint (`resume`, run when a sandbox starts), so a restart loses no webhook. A second
 * delivery of the same event id is harmless: the receiver records each event id once.
 */
export class WebhookDeliverer {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly deliver: DeliverFn;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly leaseMs: number;
  private recheck: NodeJS.Timeout | undefined;

  constructor(private readonly options: WebhookDeliveryOptions) {
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.deliver =
      options.deliver ??
      ((url, body, headers) =>
        fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(requestTimeoutMs) }));
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.backoffMs = options.backoffMs ?? 500;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /** Records the event as owed, in the transaction of the change it reports; `dispatch` it after commit. */
  async record(tx: Tx, event: WebhookEvent): Promise<OwedWebhook> {
    const owed = { id: event.id, type: event.type, body: JSON.stringify(event) };
    await tx.insert(sandboxWebhookDeliveries).values({ ...owed, url: this.options.url, nextAttemptAt: this.leaseEnd() });
    return owed;
  }

  /** Starts delivering events whose transaction has committed. */
  dispatch(owed: readonly OwedWebhook[]): void {
    for (const event of owed) this.track(sleep(0).then(() => this.send(event)));
  }

  /**
   * Takes over the events owed to this endpoint whose delivering process is gone, and delivers
   * them. Events still held by another process are looked at again when their hold ends, so a
   * process that restarts at once still sends what the dead one owed.
   */
  resume(): Promise<number> {
    return this.track(
      this.claimAbandoned().catch((error: unknown) => {
        logger.warn({ component: "payments.sandbox", err: error, url: this.options.url }, "sandbox could not resume owed webhooks");
        return 0;
      }),
    );
  }

  /** Resolves when every event dispatched or resumed so far was delivered or given up on. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return run;
  }

  private leaseEnd() {
    return sql`now() + make_interval(secs => ${this.leaseMs / 1000})`;
  }

  private async claimAbandoned(): Promise<number> {
    const t = sandboxWebhookDeliveries;
    let total = 0;
    for (;;) {
      const abandoned = this.options
        .db()
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.url, this.options.url), eq(t.status, "pending"), lte(t.nextAttemptAt, sql`now()`)))
        .orderBy(t.createdAt)
        .limit(RESUME_BATCH)
        .for("update", { skipLocked: true });
      const claimed = await this.options
        .db()
        .update(t)
        .set({ nextAttemptAt: this.leaseEnd() })
        .where(inArray(t.id, abandoned))
        .returning({ id: t.id, type: t.type, body: t.body, createdAt: t.createdAt });
      claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      this.dispatch(claimed);
      total += claimed.length;
      if (claimed.length < RESUME_BATCH) break;
    }
    await this.recheckWhenHoldEnds();
    return total;
  }

  private async recheckWhenHoldEnds(): Promise<void> {
    const t = sandboxWebhookDeliveries;
    const [held] = await this.options
      .db()
      .select({ inMs: sql<number | null>`ceil(extract(epoch from min(${t.nextAttemptAt}) - now()) * 1000)::float8` })
      .from(t)
      .where(and(eq(t.url, this.options.url), eq(t.status, "pending")));
    clearTimeout(this.recheck);
    if (typeof held?.inMs !== "number") return;
    // Never keeps the process alive; a process that stops is the next one's business.
    this.recheck = setTimeout(() => void this.resume(), Math.max(0, held.inMs) + 50);
    this.recheck.unref();
  }

  private async send(event: OwedWebhook): Promise<void> {
    try {
      let lastError = "";
      for (let attempt = 1; attempt <= this.attempts; attempt++) {
        if (attempt > 1) await sleep(this.backoffMs * 2 ** (attempt - 2));
        // Delivered or given up by another deliverer meanwhile: nothing left to do.
        if (!(await this.hold(event.id))) return;
        try {
          const res = await this.deliver(this.options.url, event.body, {
            "content-type": "application/json; charset=utf-8",
            "stripe-signature": signStripePayload(event.body, this.options.secret),
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) depot-sandbox",
          });
          await res.body?.cancel().catch(() => undefined);
          if (res.ok) {
            await this.finish(event.id, "delivered", null);
            return;
          }
          lastError = `HTTP ${res.status}`;
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
      }
      await this.finish(event.id, "failed", lastError);
      logger.warn(
        { component: "payments.sandbox", eventId: event.id, type: event.type, url: this.options.url, lastError },
        "sandbox webhook delivery gave up",
      );
    } catch (error) {
      // The bookkeeping failed (database gone): the event stays owed, and the next sandbox on
      // this endpoint delivers it once the lease has run out.
      logger.warn({ component: "payments.sandbox", err: error, eventId: event.id, type: event.type }, "sandbox webhook delivery interrupted");
    }
  }

  /** Renews this process's hold on a still-owed event and counts the try; false if it is no longer owed. */
  private async hold(id: string): Promise<boolean> {
    const t = sandboxWebhookDeliveries;
    const held = await this.options
      .db()
      .update(t)
      .set({ attempts: sql`${t.attempts} + 1`, nextAttemptAt: this.leaseEnd() })
      .where(and(eq(t.id, id), eq(t.status, "pending")))
      .returning({ id: t.id });
    return held.length > 0;
  }

  private async finish(id: string, status: "delivered" | "failed", lastError: string | null): Promise<void> {
    const t = sandboxWebhookDeliveries;
    await this.options
      .db()
      .update(t)
      .set({ status, lastError, deliveredAt: status === "delivered" ? sql`now()` : null })
      .where(and(eq(t.id, id), eq(t.status, "pending")));
  }
}
