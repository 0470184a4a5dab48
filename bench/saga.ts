/**
 * `npm run bench:saga` — how long the order saga takes after a card payment is authorized
 * (payment authorized → outbox → Inngest `order-confirm-on-payment` → order confirmed with its
 * fulfillments), under a sustained checkout load, printed beside the checkout throughput of
 * the same run, against the real app (Next.js `start`, embedded PostgreSQL, local executor).
 *
 * - Load: C guest clients (cookie jars) for D seconds, each looping cart.add (1 unit, one of 20
 *   products at random) → checkout.quote → checkout.placeOrder (paymentMethod "card") →
 *   checkout.pay with the sandbox card 4242 4242 4242 4242, as a new guest each time.
 *   Throughput = completed checkouts (pay answered authorized) per wall-clock second.
 * - Then it waits (up to BENCH_SETTLE_SECONDS, default 120) until every paid order of the run
 *   has an order_status_history row to 'confirmed' and at least one fulfillment.
 * - Latency per order, from the database in one SQL query. End = the later of the order's
 *   'confirmed' history row and its newest fulfillment (both written by one transaction, so
 *   normally equal). Two starts:
 *   1. "authorized": the order's first payment_status_history row to 'authorized'. That row is
 *      written by whichever of the two comes first: the gateway's answer to checkout.pay, or the
 *      sandbox's `payment_intent.amount_capturable_updated` webhook. It is the saga's trigger
 *      (the outbox event payment/status-changed is written in that transaction).
 *   2. "webhook receipt": when that webhook reached the app's side. `webhook_events` cannot be
 *      joined to an order (it keeps provider, event id, type, outcome and received_at only; the
 *      event ids are random and the intent/order ids are not stored), so the bench points the
 *      sandbox (PAYMENT_WEBHOOK_URL) at a pass-through relay (bench/lib/webhook-relay.ts) that
 *      notes each delivery's arrival per metadata.order_id and forwards it unchanged to
 *      /api/webhooks/stripe; the arrivals are passed into the same SQL query. This start
 *      includes the relay's extra loopback hop, and is later than "authorized" whenever the
 *      authorize answer won the race (then it can even be after the end: negative values).
 *   Timestamps are PostgreSQL now(), i.e. each writing transaction's start; the relay's are the
 *   bench process's clock (same machine, same system clock).
 *
 * Options: `--dev` (next dev, for quick checks only), BENCH_CLIENTS (default 8), BENCH_SECONDS
 * (default 30), BENCH_SETTLE_SECONDS (default 120).
 */
import { randomUUID } from "node:crypto";
import { Bench } from "./lib/app";
import { benchClientAddress, booleanField, GuestClient, stringField } from "./lib/guest-client";
import { machineLine } from "./lib/machine";
import { countError, envInt, fmt, percentile, sortAscending } from "./lib/stats";
import { PRODUCT_COUNT, restockBenchProducts, STOCK } from "./lib/stock";
import { startWebhookRelay } from "./lib/webhook-relay";

const PORT = 3300;
const PG_PORT = 54379;
const EXECUTOR_PORT = 18699;
const RELAY_PORT = 18698;
const CARD = "4242424242424242";
const CAPTURABLE_EVENT = "payment_intent.amount_capturable_updated";

const CLIENTS = envInt("BENCH_CLIENTS", 8);
const SECONDS = envInt("BENCH_SECONDS", 30);
const SETTLE_SECONDS = envInt("BENCH_SETTLE_SECONDS", 120);

// A fresh embedded database in .data/bench-saga and the payment sandbox, whatever the shell has set.
const bench = await Bench.prepare({
  name: "saga",
  port: PORT,
  pgPort: PG_PORT,
  executorPort: EXECUTOR_PORT,
  env: { STRIPE_SECRET_KEY: undefined, PAYMENT_WEBHOOK_URL: `http://127.0.0.1:${RELAY_PORT}/api/webhooks/stripe` },
});
// The local executor's stop() does not wait for runs in flight, and the app stops under them:
// their "job crashed terminated" / "fetch failed" lines at exit are expected, not results.
bench.atStopFirst(() => (bench.logger.level = "silent"));

const ADDRESS = { name: "Bench Buyer", line1: "1 Benchmark Way", city: "Albany", region: "NY", postalCode: "12207", country: "US" } as const;

type Summary = { count: number; p50: number; p95: number; max: number };

function summarize(values: number[]): Summary {
  const sorted = sortAscending(values);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.length ? sorted[sorted.length - 1]! : NaN };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

try {
  const started = performance.now();
  const relay = await startWebhookRelay(RELAY_PORT, `http://127.0.0.1:${PORT}/api/webhooks/stripe`);
  bench.atStopLast(relay);
  const { app, sql } = await bench.start(started);
  const skus = (await restockBenchProducts(sql, "saga")).map((p) => p.sku);

  const pickSku = () => skus[Math.floor(Math.random() * skus.length)]!;

  /** One checkout by a fresh guest; returns the order number and what pay answered. */
  async function checkoutOnce(client: GuestClient, n: number, placedNumbers: string[]): Promise<{ number: string; status: string }> {
    client.reset();
    await client.mutation("cart.add", { sku: pickSku(), quantity: 1 });
    const quote = await client.query("checkout.quote", { shippingMethod: "standard", region: ADDRESS.region, codes: [] });
    const expectedTotal = stringField("checkout.quote", quote, "total");
    const placed = await client.mutation("checkout.placeOrder", {
      email: `saga+${n}@example.com`,
      card: { kind: "card", paymentMethod: "pm_card_visa" },
      address: ADDRESS,
      shippingMethod: "standard",
      paymentMethod: "card",
      codes: [],
      expectedTotal,
      idempotencyKey: randomUUID(),
    });
    const number = stringField("checkout.placeOrder", placed, "number");
    if (booleanField("checkout.placeOrder", placed, "replayed")) throw new Error("checkout.placeOrder: a fresh idempotency key was replayed");
    placedNumbers.push(number);
    // pay looks the order up through the guest's cookie, so the jar is kept until after it.
    const paid = await client.mutation("checkout.pay", { number, card: CARD });
    return { number, status: stringField("checkout.pay", paid, "status") };
  }

  type Progress = { total: number; done: number };
  /** How many of the orders have a 'confirmed' history row and at least one fulfillment. */
  async function progress(numbers: string[]): Promise<Progress> {
    const [row] = await sql<{ total: number; done: number }[]>`
      select count(*)::int as total,
        count(*) filter (where
          exists (select 1 from order_status_history h where h.order_id = o.id and h.to_status = 'confirmed')
          and exists (select 1 from fulfillments f where f.order_id = o.id))::int as done
      from orders o where o.number in (select jsonb_array_elements_text(${JSON.stringify(numbers)}::jsonb))`;
    return row ?? { total: 0, done: 0 };
  }

  async function settle(numbers: string[], timeoutMs: number): Promise<{ progress: Progress; ms: number }> {
    const t0 = performance.now();
    for (;;) {
      const p = await progress(numbers);
      if (p.done === numbers.length || performance.now() - t0 > timeoutMs) return { progress: p, ms: performance.now() - t0 };
      await sleep(200);
    }
  }

  // Warm-up, unmeasured: the first requests compile/load the routes (minutes in dev), including
  // the webhook route and the saga's function; it must go all the way before the load starts.
  const warm = await checkoutOnce(new GuestClient(app.url), 0, []);
  const warmed = await settle([warm.number], 300_000);
  if (warmed.progress.done !== 1) throw new Error(`warm-up order ${warm.number} (pay: ${warm.status}) was not confirmed with fulfillments within 300 s`);
  console.log(`Warm-up order ${warm.number} confirmed with fulfillments ${fmt(warmed.ms)} ms after pay answered`);

  // The load.
  console.log(`Load: ${CLIENTS} clients for ${SECONDS} s …`);
  const placedNumbers: string[] = [];
  const paidNumbers: string[] = [];
  const errorMessages = new Map<string, number>();
  let errors = 0;
  let orderNo = 1;
  const loadStart = performance.now();
  const deadline = loadStart + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const client = new GuestClient(app.url, { clientAddress: benchClientAddress(i) });
      while (performance.now() < deadline) {
        try {
          const result = await checkoutOnce(client, orderNo++, placedNumbers);
          if (result.status === "authorized" || result.status === "captured") {
            paidNumbers.push(result.number);
          } else {
            throw new Error(`checkout.pay answered status "${result.status}"`);
          }
        } catch (error) {
          errors++;
          countError(errorMessages, error);
        }
      }
    }),
  );
  const loadMs = performance.now() - loadStart;
  const throughput = paidNumbers.length / (loadMs / 1000);
  console.log(`  ${paidNumbers.length} checkouts in ${fmt(loadMs / 1000, 1)} s (${fmt(throughput, 1)} orders/s), ${errors} errors; waiting for the saga …`);

  // Every paid order of the run must end confirmed with fulfillments.
  const settled = await settle(paidNumbers, SETTLE_SECONDS * 1000);
  const notConfirmed = paidNumbers.length - settled.progress.done;
  const unpaidPlaced = placedNumbers.length - paidNumbers.length;

  // The relay's arrivals of the authorization webhook, per order id.
  const arrivals: { order_id: string; received_at: string }[] = [];
  for (const [orderId, byType] of relay.arrivals) {
    const at = byType.get(CAPTURABLE_EVENT);
    if (at !== undefined) arrivals.push({ order_id: orderId, received_at: new Date(at).toISOString() });
  }

  // Latency per order, one query.
  type Row = {
    number: string;
    status: string;
    fulfillments: number;
    authorized_by: string | null;
    from_authorized_ms: number | null;
    from_webhook_ms: number | null;
  };
  const rows = await sql<Row[]>`
    with run as (
      select id, number, status from orders
      where number in (select jsonb_array_elements_text(${JSON.stringify(paidNumbers)}::jsonb))),
    relay as (
      select order_id, received_at from jsonb_to_recordset(${JSON.stringify(arrivals)}::jsonb) as r(order_id uuid, received_at timestamptz)),
    authorized as (
      select distinct on (p.order_id) p.order_id, h.created_at, h.reason
      from payments p join payment_status_history h on h.payment_id = p.id and h.to_status = 'authorized'
      where p.order_id in (select id from run)
      order by p.order_id, h.created_at),
    confirmed as (
      select order_id, min(created_at) as created_at from order_status_history
      where to_status = 'confirmed' and order_id in (select id from run) group by order_id),
    fulfilled as (
      select order_id, max(created_at) as created_at, count(*)::int as n from fulfillments
      where order_id in (select id from run) group by order_id),
    ends as (
      select run.id, run.number, run.status, coalesce(f.n, 0) as fulfillments,
        case when c.created_at is not null and f.created_at is not null then greatest(c.created_at, f.created_at) end as done_at
      from run left join confirmed c on c.order_id = run.id left join fulfilled f on f.order_id = run.id)
    select e.number, e.status::text as status, e.fulfillments, a.reason as authorized_by,
      (extract(epoch from e.done_at - a.created_at) * 1000)::float8 as from_authorized_ms,
      (extract(epoch from e.done_at - relay.received_at) * 1000)::float8 as from_webhook_ms
    from ends e
    left join authorized a on a.order_id = e.id
    left join relay on relay.order_id = e.id`;

  const fromAuthorized = summarize(rows.flatMap((r) => (r.from_authorized_ms === null ? [] : [r.from_authorized_ms])));
  const fromWebhook = summarize(rows.flatMap((r) => (r.from_webhook_ms === null ? [] : [r.from_webhook_ms])));
  const byWebhook = rows.filter((r) => r.authorized_by === `provider event ${CAPTURABLE_EVENT}`).length;
  const byAnswer = rows.filter((r) => r.authorized_by === "authorization answered").length;
  const otherAuth = rows.length - byWebhook - byAnswer;
  const machine = await machineLine(sql, "app, database, executor and clients");

  console.log(
    `\nSaga benchmark — card payment authorized → order confirmed with fulfillments (${bench.dev ? "next dev: figures not meaningful" : "next start"}), ${PRODUCT_COUNT} products with ${fmt(STOCK)} units each`,
  );
  console.log(machine);
  console.log(`Load: ${CLIENTS} clients for ${SECONDS} s, each looping cart.add → checkout.quote → checkout.placeOrder (card) → checkout.pay (4242…)\n`);

  console.log(`checkout throughput      ${fmt(throughput, 1)} orders/s  (${paidNumbers.length} paid checkouts in ${fmt(loadMs / 1000, 1)} s, ${errors} errors)`);
  const header = `${"saga latency, end = confirmed + fulfillments".padEnd(46)} ${"orders".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`;
  console.log(`\n${header}\n${"─".repeat(header.length)}`);
  const line = (label: string, s: Summary) =>
    console.log(`${label.padEnd(46)} ${String(s.count).padStart(6)} ${fmt(s.p50, 1).padStart(8)} ${fmt(s.p95, 1).padStart(8)} ${fmt(s.max, 1).padStart(8)}`);
  line("from payment authorized (history row)", fromAuthorized);
  line("from webhook receipt (relay arrival)", fromWebhook);
  console.log(
    [
      "",
      `not confirmed with fulfillments within ${SETTLE_SECONDS} s: ${notConfirmed} of ${paidNumbers.length} paid orders (settled after ${fmt(settled.ms / 1000, 1)} s)`,
      `placed but not paid: ${unpaidPlaced}`,
      `authorization first recorded by: the webhook ${byWebhook}, the authorize answer ${byAnswer}${otherAuth ? `, other/none ${otherAuth}` : ""}`,
      `webhook relay: ${relay.counts.received} deliveries, ${relay.counts.notOk} not answered 2xx by the app, ${relay.counts.unreadable} without an order id`,
      "",
      "authorized:      start = the order's first payment_status_history row to 'authorized' (the authorize answer or the",
      "                 webhook, whichever committed first; it carries the outbox event that starts the saga).",
      "webhook receipt: start = arrival of payment_intent.amount_capturable_updated at the bench's pass-through relay in front of",
      "                 /api/webhooks/stripe (webhook_events rows cannot be joined to an order); includes one extra loopback hop.",
      "end:             the later of order_status_history 'confirmed' and the newest fulfillment (PostgreSQL now(): transaction start).",
    ].join("\n"),
  );
  for (const [message, count] of errorMessages) console.log(`error: ${count} × ${message}`);

  const failed = paidNumbers.length === 0 || errors > 0 || notConfirmed > 0 || fromAuthorized.count !== paidNumbers.length;
  if (failed) console.error("\nFAILED: see errors / unconfirmed orders above");
  await bench.exit(failed ? 1 : 0);
} catch (error) {
  console.error(error);
  await bench.exit(1);
}
