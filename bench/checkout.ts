/**
 * `npm run bench:checkout` — place-order throughput and latency over HTTP against the real app
 * (Next.js `start`, embedded PostgreSQL, local Inngest executor), each figure printed beside a
 * pgbench-like reference measured on the same database in the same run at the same concurrency:
 *
 * - app: c guest clients (cookie jars) loop over `cart.add` (1 unit) → `checkout.quote`
 *   → `checkout.placeOrder`; only placeOrder's round trip is timed for p50/p99, orders/s is
 *   completed orders per wall-clock second of the run (so it includes the untimed add + quote).
 *   Runs: c = 1, 8, 32 over 20 products picked at random, and c = 32 all buying the same SKU.
 * - reference: c direct connections, each looping `BEGIN; UPDATE inventory_levels SET reserved =
 *   reserved + 1 … WHERE … AND on_hand - reserved >= 1; INSERT INTO inventory_ledger …; COMMIT`,
 *   i.e. the one guarded update + ledger insert at the heart of placeOrder, and nothing else.
 *   It runs on the same inventory rows the app's orders reserved (for the hot run: the one hot
 *   row), so it meets the same table, indexes and row locks; its effect is undone right after
 *   each reference run by subtracting what it added, with compensating ledger rows, so
 *   `reserved` again equals the live reservations and the ledger still sums to the levels.
 *
 * Options: `--dev` (next dev, for quick checks only), BENCH_ORDERS (orders per run; default
 * 300 at c=1, 1000 otherwise), BENCH_WARMUP (orders per run before measuring; default
 * max(20, 2c)), BENCH_REF_TX (reference transactions per run; default 3000).
 */
import { randomUUID } from "node:crypto";
import { Bench } from "./lib/app";
import { benchClientAddress, booleanField, GuestClient, stringField } from "./lib/guest-client";
import { machineLine } from "./lib/machine";
import { countError, envInt, fmt, percentile, sortAscending } from "./lib/stats";
import { PRODUCT_COUNT, restockBenchProducts, STOCK } from "./lib/stock";

const PORT = 3200;
const PG_PORT = 54369;
const EXECUTOR_PORT = 18599;

const ordersOverride = envInt("BENCH_ORDERS");
const warmupOverride = envInt("BENCH_WARMUP");
const REF_TX = envInt("BENCH_REF_TX") ?? 3000;

// A fresh embedded database in .data/bench-checkout, never a DATABASE_URL from the shell.
const bench = await Bench.prepare({ name: "checkout", port: PORT, pgPort: PG_PORT, executorPort: EXECUTOR_PORT });

type Run = { label: string; clients: number; hot: boolean; orders: number };
const runs: Run[] = [
  { label: "c=1", clients: 1, hot: false, orders: ordersOverride ?? 300 },
  { label: "c=8", clients: 8, hot: false, orders: ordersOverride ?? 1000 },
  { label: "c=32", clients: 32, hot: false, orders: ordersOverride ?? 1000 },
  { label: "hot c=32", clients: 32, hot: true, orders: ordersOverride ?? 1000 },
];

type Stats = { count: number; errors: number; seconds: number; rate: number; p50: number; p99: number; mean: number };
type Result = { run: Run; app: Stats; reference: Stats; errorMessages: Map<string, number> };

const ADDRESS = { name: "Bench Buyer", line1: "1 Benchmark Way", city: "Albany", region: "NY", postalCode: "12207", country: "US" } as const;

function stats(latencies: number[], errors: number, ms: number): Stats {
  const sorted = sortAscending(latencies);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { count: sorted.length, errors, seconds: ms / 1000, rate: sorted.length / (ms / 1000), p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

/** Runs `total` jobs on `workers` concurrent workers; each worker gets its index. */
async function onWorkers(workers: number, total: number, job: (worker: number, n: number) => Promise<void>): Promise<number> {
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (issued < total) await job(worker, issued++);
    }),
  );
  return performance.now() - started;
}

try {
  const { app, dbUrl, sql } = await bench.start();
  const products = await restockBenchProducts(sql, "checkout");
  const skus = products.map((p) => p.sku);
  const productIds = products.map((p) => p.id);
  const hotSku = skus[0]!;
  const hotProductId = products[0]!.id;

  // One order from a guest; returns placeOrder's round trip in ms.
  async function placeOne(client: GuestClient, sku: string, n: number): Promise<number> {
    await client.mutation("cart.add", { sku, quantity: 1 });
    const quote = await client.query("checkout.quote", { shippingMethod: "standard", region: ADDRESS.region, codes: [] });
    const expectedTotal = stringField("checkout.quote", quote, "total");
    const t0 = performance.now();
    const placed = await client.mutation("checkout.placeOrder", {
      email: `bench+${n}@example.com`,
      card: { kind: "card", paymentMethod: "pm_card_visa" },
      address: ADDRESS,
      shippingMethod: "standard",
      codes: [],
      expectedTotal,
      idempotencyKey: randomUUID(),
    });
    const ms = performance.now() - t0;
    stringField("checkout.placeOrder", placed, "number");
    if (booleanField("checkout.placeOrder", placed, "replayed")) throw new Error("checkout.placeOrder: a fresh idempotency key was replayed");
    return ms;
  }

  // First requests compile/load the routes (minutes in dev): one order, unmeasured, before anything.
  await placeOne(new GuestClient(app.url), hotSku, 0);

  let orderNo = 1;
  const pickSku = (hot: boolean) => (hot ? hotSku : skus[Math.floor(Math.random() * skus.length)]!);

  async function appRun(run: Run, clients: GuestClient[], total: number, errorMessages: Map<string, number>) {
    const latencies: number[] = [];
    let errors = 0;
    const ms = await onWorkers(run.clients, total, async (worker) => {
      const client = clients[worker]!;
      try {
        latencies.push(await placeOne(client, pickSku(run.hot), orderNo++));
      } catch (error) {
        errors++;
        countError(errorMessages, error);
      }
      // Every order is placed by a new guest (the client's jar starts empty again): the app gives a
      // guest token one cart ever (carts_guest_token_uq is not partial), so a guest who has ordered
      // gets a 500 from cart.add ("cart could not be created"). Also drops a failed attempt's line.
      client.reset();
    });
    return stats(latencies, errors, ms);
  }

  // The reference's target rows: per product, the inventory row the app's orders reserved most.
  async function referenceRows(ids: string[]) {
    return sql<{ warehouse_id: string; product_id: string }[]>`
      select distinct on (l.product_id) l.warehouse_id, l.product_id
      from inventory_levels l
      left join (
        select warehouse_id, product_id, count(*) as n from reservations
        where status in ('active', 'confirmed') and product_id in ${sql(ids)}
        group by warehouse_id, product_id) r
        on r.warehouse_id = l.warehouse_id and r.product_id = l.product_id
      where l.product_id in ${sql(ids)}
      order by l.product_id, r.n desc nulls last, l.warehouse_id`;
  }

  async function referenceRun(run: Run): Promise<Stats> {
    const rows = await referenceRows(run.hot ? [hotProductId] : productIds);
    const pool = bench.openPool(dbUrl, run.clients);
    const added = new Map<string, { warehouseId: string; productId: string; n: number }>();
    let errors = 0;
    const oneTx = async (): Promise<number> => {
      const row = rows[Math.floor(Math.random() * rows.length)]!;
      const t0 = performance.now();
      await pool.sql.begin(async (tx) => {
        const updated = await tx`
          update inventory_levels set reserved = reserved + 1, updated_at = now()
          where warehouse_id = ${row.warehouse_id} and product_id = ${row.product_id} and on_hand - reserved >= 1
          returning 1`;
        if (updated.length !== 1) throw new Error("reference: guarded update found no stock");
        await tx`
          insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason, reference_type, reference_id)
          values (${row.warehouse_id}, ${row.product_id}, 0, 1, 'bench_reference', 'bench', ${run.label})`;
      });
      const ms = performance.now() - t0;
      const key = `${row.warehouse_id}/${row.product_id}`;
      const entry = added.get(key) ?? { warehouseId: row.warehouse_id, productId: row.product_id, n: 0 };
      entry.n++;
      added.set(key, entry);
      return ms;
    };
    const latencies: number[] = [];
    try {
      // Warm-up: opens all c connections and warms the plans.
      await onWorkers(run.clients, Math.max(100, run.clients * 5), async () => void (await oneTx()));
      const ms = await onWorkers(run.clients, REF_TX, async () => {
        try {
          latencies.push(await oneTx());
        } catch {
          errors++;
        }
      });
      return stats(latencies, errors, ms);
    } finally {
      // Undo: give back what the reference reserved, with compensating ledger rows.
      await sql.begin(async (tx) => {
        for (const a of added.values()) {
          await tx`
            update inventory_levels set reserved = reserved - ${a.n}, updated_at = now()
            where warehouse_id = ${a.warehouseId} and product_id = ${a.productId}`;
          await tx`
            insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason, reference_type, reference_id)
            values (${a.warehouseId}, ${a.productId}, 0, ${-a.n}, 'bench_reference_undo', 'bench', ${run.label})`;
        }
      });
      await bench.closePool(pool);
    }
  }

  const results: Result[] = [];
  for (const run of runs) {
    const clients = Array.from({ length: run.clients }, (_, i) => new GuestClient(app.url, { clientAddress: benchClientAddress(i) }));
    const errorMessages = new Map<string, number>();
    await appRun(run, clients, warmupOverride ?? Math.max(20, 2 * run.clients), new Map());
    const appStats = await appRun(run, clients, run.orders, errorMessages);
    const reference = await referenceRun(run);
    results.push({ run, app: appStats, reference, errorMessages });
    console.log(
      `  ${run.label.padEnd(9)} app ${fmt(appStats.rate, 1)} orders/s (${appStats.count} orders, ${appStats.errors} errors), reference ${fmt(reference.rate)} tx/s`,
    );
  }

  // The app's invariants on the bench rows, after everything: the ledger sums to on_hand and
  // reserved, and reserved equals the live reservations.
  const broken = await sql<{ warehouse_id: string; product_id: string; on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number; live: number }[]>`
    select l.warehouse_id, l.product_id, l.on_hand, l.reserved,
      coalesce((select sum(on_hand_delta) from inventory_ledger g where g.warehouse_id = l.warehouse_id and g.product_id = l.product_id), 0)::int as ledger_on_hand,
      coalesce((select sum(reserved_delta) from inventory_ledger g where g.warehouse_id = l.warehouse_id and g.product_id = l.product_id), 0)::int as ledger_reserved,
      coalesce((select sum(quantity) from reservations r where r.warehouse_id = l.warehouse_id and r.product_id = l.product_id and r.status in ('active', 'confirmed')), 0)::int as live
    from inventory_levels l where l.product_id in ${sql(productIds)}`.then((rows) =>
    rows.filter((r) => r.on_hand !== r.ledger_on_hand || r.reserved !== r.ledger_reserved || r.reserved !== r.live),
  );
  const machine = await machineLine(sql, "app, database and clients");

  console.log(
    `\nCheckout benchmark — placeOrder over HTTP (${bench.dev ? "next dev: figures not meaningful" : "next start"}), ${PRODUCT_COUNT} products with ${fmt(STOCK)} units each, same database for every figure`,
  );
  console.log(`${machine}\n`);
  const header = `${"run".padEnd(9)} ${"orders".padStart(6)} ${"errors".padStart(6)} │ ${"app orders/s".padStart(12)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} │ ${"ref tx/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} │ ${"ratio".padStart(6)}`;
  console.log(header);
  console.log("─".repeat(header.length));
  for (const r of results) {
    console.log(
      `${r.run.label.padEnd(9)} ${String(r.app.count).padStart(6)} ${String(r.app.errors).padStart(6)} │ ${fmt(r.app.rate, 1).padStart(12)} ${fmt(r.app.p50, 1).padStart(7)} ${fmt(r.app.p99, 1).padStart(7)} │ ${fmt(r.reference.rate).padStart(8)} ${fmt(r.reference.p50, 2).padStart(7)} ${fmt(r.reference.p99, 2).padStart(7)} │ ${fmt(r.app.rate / r.reference.rate, 3).padStart(6)}`,
    );
  }
  console.log(
    [
      "",
      "app:       c concurrent clients, each looping cart.add (1 unit) → checkout.quote → checkout.placeOrder as a new guest each time;",
      "           orders/s = placed orders per wall-clock second (untimed add + quote included), p50/p99 = placeOrder round trip.",
      "           The hot run has every client buy the same SKU, so every order reserves the same inventory row.",
      `reference: c direct connections, each transaction a single guarded update + ledger insert (BEGIN; UPDATE inventory_levels`,
      "           SET reserved = reserved + 1 … AND on_hand - reserved >= 1; INSERT INTO inventory_ledger; COMMIT) on the rows the",
      `           app's orders reserved (hot: the one row); ${fmt(REF_TX)} transactions per run, undone afterwards. ratio = app orders/s ÷ reference tx/s.`,
      "           The app's server holds at most 10 database connections (db/client.ts); the reference holds c.",
    ].join("\n"),
  );
  for (const r of results) {
    for (const [message, count] of r.errorMessages) console.log(`errors in ${r.run.label}: ${count} × ${message}`);
  }
  if (broken.length) {
    console.error(`\nInventory invariants broken on ${broken.length} bench rows:`);
    for (const b of broken.slice(0, 10)) console.error(`  ${JSON.stringify(b)}`);
  } else {
    console.log(`\nInvariants after the run: ledger sums equal on_hand and reserved, reserved equals live reservations (${productIds.length} products).`);
  }

  await bench.exit(broken.length ? 1 : 0);
} catch (error) {
  console.error(error);
  await bench.exit(1);
}
