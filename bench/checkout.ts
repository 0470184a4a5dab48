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
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunningApp } from "../scripts/lib/run-app";
import { booleanField, GuestClient, stringField } from "./lib/guest-client";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const PORT = 3200;
const PG_PORT = 54369;
const EXECUTOR_PORT = 18599;
const PRODUCT_COUNT = 20;
const STOCK = 1_000_000;
const dataDir = path.join(root, ".data/bench-checkout");

const envInt = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} must be a positive integer, got "${raw}"`);
    process.exit(1);
  }
  return n;
};
const ordersOverride = envInt("BENCH_ORDERS");
const warmupOverride = envInt("BENCH_WARMUP");
const REF_TX = envInt("BENCH_REF_TX") ?? 3000;

if (!dev && !existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("Run `npm run build` first");
  process.exit(1);
}

// Settings for the app (the Next.js child inherits process.env) and the modules imported below.
// The bench always uses its own fresh embedded database, never a DATABASE_URL from the shell.
delete process.env.DATABASE_URL;
process.env.AUTH_SECRET ||= randomBytes(32).toString("hex");
process.env.RESERVATION_TTL_MINUTES = String(7 * 24 * 60); // the maximum: nothing expires mid-run
rmSync(dataDir, { recursive: true, force: true });

const { runApp } = await import("../scripts/lib/run-app");
const { createDb } = await import("@/db/client");
const { seedProducts } = await import("@/db/seed-data");
const { logger } = await import("@/server/lib/logging");
// The local executor runs in this process and logs every run at info; keep this terminal for
// results (the app server keeps its own LOG_LEVEL, its stdout is discarded by runApp's quiet).
if (!process.env.LOG_LEVEL) logger.level = "warn";

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
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { count: sorted.length, errors, seconds: ms / 1000, rate: sorted.length / (ms / 1000), p50: pct(50), p99: pct(99), mean };
}

function fmt(n: number, digits = 0) {
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
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

let app: RunningApp | undefined;
const handles: { close: () => Promise<void> }[] = [];
async function shutdown() {
  await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
  await app?.stop().catch(() => undefined);
}
process.once("SIGINT", () => void shutdown().finally(() => process.exit(130)));

try {
  const started = performance.now();
  app = await runApp({ mode: dev ? "dev" : "start", dataDir, port: PORT, pgPort: PG_PORT, executorPort: EXECUTOR_PORT, quiet: true });
  // runApp does not return the database URL; the embedded server's credentials are in the data dir.
  const credentials = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as { user: string; password: string };
  const dbUrl = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${PG_PORT}/depot`;
  const admin = createDb(dbUrl, { max: 2 });
  handles.push(admin);
  const sql = admin.sql;
  console.log(`Depot (${dev ? "next dev" : "next start"}) up at ${app.url} in ${fmt((performance.now() - started) / 1000, 1)} s`);

  // The bench products: the first 20 active seed products (all have a current USD price).
  const skus = seedProducts.filter((p) => p.active).slice(0, PRODUCT_COUNT).map((p) => p.sku);
  const productRows = await sql<{ id: string; sku: string }[]>`select id, sku from products where sku in ${sql(skus)}`;
  if (productRows.length !== skus.length) throw new Error(`expected ${skus.length} bench products, found ${productRows.length}`);
  const productIds = productRows.map((p) => p.id);
  const hotSku = skus[0]!;
  const hotProductId = productRows.find((p) => p.sku === hotSku)!.id;

  // Lots of stock in every warehouse that stocks a bench product, each change with its ledger row
  // (the ledger keeps summing to on_hand).
  const restocked = await sql.begin(async (tx) => {
    const rows = await tx<{ warehouse_id: string; product_id: string; old_on_hand: number }[]>`
      with old as (
        select warehouse_id, product_id, on_hand from inventory_levels where product_id in ${tx(productIds)} for update)
      update inventory_levels l set on_hand = ${STOCK}, updated_at = now()
      from old where l.warehouse_id = old.warehouse_id and l.product_id = old.product_id
      returning l.warehouse_id, l.product_id, old.on_hand as old_on_hand`;
    for (const r of rows) {
      if (r.old_on_hand === STOCK) continue;
      await tx`
        insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason, reference_type, reference_id)
        values (${r.warehouse_id}, ${r.product_id}, ${STOCK - r.old_on_hand}, 0, 'bench_restock', 'bench', 'checkout')`;
    }
    return rows.length;
  });
  console.log(`Restocked ${restocked} inventory rows of ${skus.length} products to ${fmt(STOCK)} units`);

  // One order from a guest; returns placeOrder's round trip in ms.
  async function placeOne(client: GuestClient, sku: string, n: number): Promise<number> {
    await client.mutation("cart.add", { sku, quantity: 1 });
    const quote = await client.query("checkout.quote", { shippingMethod: "standard", region: ADDRESS.region, codes: [] });
    const expectedTotal = stringField("checkout.quote", quote, "total");
    const t0 = performance.now();
    const placed = await client.mutation("checkout.placeOrder", {
      email: `bench+${n}@example.com`,
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
        const message = error instanceof Error ? error.message : String(error);
        errorMessages.set(message, (errorMessages.get(message) ?? 0) + 1);
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
    const pool = createDb(dbUrl, { max: run.clients });
    handles.push(pool);
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
      await pool.close();
      handles.splice(handles.indexOf(pool), 1);
    }
  }

  const results: Result[] = [];
  for (const run of runs) {
    const clients = Array.from({ length: run.clients }, () => new GuestClient(app!.url));
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
  const [{ version } = { version: "?" }] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;

  const cpus = os.cpus();
  console.log(
    `\nCheckout benchmark — placeOrder over HTTP (${dev ? "next dev: figures not meaningful" : "next start"}), ${PRODUCT_COUNT} products with ${fmt(STOCK)} units each, same database for every figure`,
  );
  console.log(
    `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}, embedded PostgreSQL ${version} (fsync on); app, database and clients share the machine\n`,
  );
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

  await shutdown();
  process.exit(broken.length ? 1 : 0);
} catch (error) {
  console.error(error);
  await shutdown();
  process.exit(1);
}
