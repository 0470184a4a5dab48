/**
 * `npm run bench:ops` — the ops console's read paths on a large database: the DLQ list, order
 * search (number, email, words of the name, SKU, status + days on page 1 and deep in the keyset)
 * and the timeline of a busy order, each timed as the app runs it (the domain function through
 * drizzle, in this process) and printed beside a primary-key lookup made the same way, with the
 * EXPLAIN (ANALYZE, BUFFERS) of its statements: which indexes PostgreSQL used (OR-1-05).
 *
 * Data, on a fresh embedded PostgreSQL (.data/bench-ops): the demo seed, 2,000 more products,
 * BENCH_ORDERS orders (default 1,000,000) over two years from 200,000 customers (recent ones
 * still open, older ones completed, delivered or cancelled), 1–4 lines each (≈ 2.5 lines; SKUs
 * skewed: the best seller is on ≈ 2 % of the lines, the long tail on a few hundred), the status
 * history of each order's path (orders older than six months: placed and final status only), a
 * payment with a history row for card orders, one order/placed
 * outbox event per order, a fulfillment per confirmed order and a parcel per shipped one (with
 * the first row of their histories), a reservation per line of the last six months,
 * BENCH_COMPENSATIONS failed compensations (default 100,000) with three attempts each, and one
 * busy order with fulfillments in three warehouses, parcels, payments, reservations,
 * compensations, a return, audit rows and their events. Written with `insert … select
 * generate_series` on two sessions (the secondary indexes of the big tables are dropped for the
 * load and rebuilt from their own definitions, foreign keys are not checked during it), then
 * VACUUM ANALYZE.
 *
 * Each query runs BENCH_RUNS times (default 200) after 20 unmeasured runs, with inputs drawn at
 * random from the data (existing numbers, emails, names, SKUs, 7-day windows), on a pool of 10
 * connections like the app's (the timeline reads in parallel); nothing else of Depot runs.
 *
 * Options: BENCH_ORDERS, BENCH_COMPENSATIONS, BENCH_RUNS, BENCH_PG_PORT (default 54409).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-db";
import { machineLine } from "./lib/machine";
import { envInt, fmt, percentile, sortAscending } from "./lib/stats";

const ORDERS = envInt("BENCH_ORDERS", 1_000_000);
const COMPENSATIONS = envInt("BENCH_COMPENSATIONS", 100_000);
const RUNS = envInt("BENCH_RUNS", 200);
const WARMUP = 20;
const PG_PORT = envInt("BENCH_PG_PORT", 54409);
const CUSTOMERS = 200_000;
const BENCH_PRODUCTS = 2_000;
const root = path.resolve(import.meta.dirname, "..");

const started = performance.now();
const dataDir = path.join(root, ".data/bench-ops");
rmSync(dataDir, { recursive: true, force: true });
const pg = await startEmbeddedPostgres({ dataDir, port: PG_PORT });
process.once("SIGINT", () => void pg.stop().finally(() => process.exit(130)));

// Settings for the app modules below, which read them on first use.
Object.assign(process.env, { DATABASE_URL: pg.url, LOG_LEVEL: "error" });
const { drizzle } = await import("drizzle-orm/postgres-js");
const { eq } = await import("drizzle-orm");
const schema = await import("@/db/schema");
const { runMigrations } = await import("@/db/migrate");
const { seedDemo } = await import("@/db/seed");
const { searchOrders } = await import("@/server/orders/search");
const { orderTimeline } = await import("@/server/orders/timeline");
const { listCompensations } = await import("@/server/compensations/queries");

/** Statements the app sent while `capture` ran, for EXPLAIN. */
type Statement = { text: string; params: unknown[] };
let captured: Statement[] | null = null;
const client = postgres(pg.url, { max: 10, onnotice: () => {} });
const db = drizzle(client, {
  schema,
  casing: "snake_case",
  logger: { logQuery: (text, params) => captured?.push({ text, params }) },
});
const seeder = postgres(pg.url, { max: 1, onnotice: () => {} });

const seconds = (t0: number) => fmt((performance.now() - t0) / 1000, 1);

async function step(label: string, work: () => Promise<unknown>) {
  const t0 = performance.now();
  await work();
  console.log(`  ${label} (${seconds(t0)} s)`);
}

try {
  await runMigrations(db);
  await seedDemo(db);
  console.log(`Embedded PostgreSQL migrated and seeded in ${seconds(started)} s; loading the bench data …`);
  const loadStarted = performance.now();

  // ── Load ──────────────────────────────────────────────────────────────────────────────────
  // Bulk-load settings: no checkpoint (and so no full-page images) in the middle of the load, no
  // autovacuum racing it. Ids are uuidv7 (time-ordered), so the primary keys grow at their right
  // edge instead of taking random page writes; the app's own ids are random v4, which changes
  // nothing for the lookups measured below.
  await seeder.unsafe(`alter system set max_wal_size = '32GB'`);
  await seeder.unsafe(`alter system set checkpoint_timeout = '1h'`);
  await seeder.unsafe(`alter system set autovacuum = off`);
  await seeder.unsafe(`select pg_reload_conf()`);
  const big = [
    "orders",
    "order_items",
    "order_status_history",
    "payments",
    "payment_status_history",
    "outbox",
    "fulfillments",
    "fulfillment_status_history",
    "shipments",
    "shipment_status_history",
    "reservations",
    "failed_compensations",
    "compensation_attempts",
  ];
  // Secondary indexes (not those behind primary keys and unique constraints) are dropped for the
  // load and rebuilt after it from their own definitions.
  const secondary = await seeder<{ indexname: string; indexdef: string }[]>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = 'public' and i.tablename in ${seeder(big)}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
    order by i.tablename, i.indexname`;
  // Two loader sessions (the machine's two cores), foreign keys not checked while loading.
  const loaders = [seeder, postgres(pg.url, { max: 1, onnotice: () => {} })] as const;
  for (const l of loaders) await l.unsafe(`set synchronous_commit = off; set maintenance_work_mem = '512MB'; set session_replication_role = replica`);
  for (const ix of secondary) await seeder.unsafe(`drop index "${ix.indexname}"`);
  const [one, two] = loaders;
  const both = (a: () => Promise<unknown>, b: () => Promise<unknown>) => Promise.all([a(), b()]);

  await step(`${fmt(BENCH_PRODUCTS)} products`, () =>
    one.unsafe(`
      insert into products (sku, name, category, weight_grams, description)
      select 'BENCH-' || lpad(g::text, 5, '0'), 'Bench product ' || g, 'bench', 100 + g % 900, 'bench data'
      from generate_series(1, ${BENCH_PRODUCTS}) g`),
  );

  const first = `array['Ann','Bob','Carla','Dev','Emma','Farid','Grace','Hugo','Ines','Jonas','Kira','Liam','Maya','Nils','Olga','Pablo','Quinn','Rosa','Sven','Tara','Uma','Victor','Wen','Xavi','Yara','Zeno','Alma','Bruno','Chloe','Dario','Elif','Felix','Gita','Hana','Ivo','Jade','Kofi','Lena','Milo','Nora']`;
  const syllables = `array['ar','ber','cas','dell','en','fal','gor','hal','isk','jon','kar','lund','mor','nes','ost','pel','quist','ros','sten','tor']`;
  // Customer c (0 … CUSTOMERS-1): a first name, a two-syllable surname, an email of their own.
  const customerName = (c: string) => `(${first})[1 + (${c}) % 40] || ' ' || initcap((${syllables})[1 + ((${c}) / 40) % 20] || (${syllables})[1 + ((${c}) / 800) % 20])`;
  const customerEmail = (c: string) => `lower((${first})[1 + (${c}) % 40]) || '.' || (${c}) || '@example.com'`;
  const statusFor = (g: string, h: string) => `case
      when ${g} > ${ORDERS} - ${Math.round(ORDERS * 0.004)} then (array['pending_payment','confirmed','processing','processing','partially_shipped','shipped'])[1 + ${h} % 6]
      when ${g} > ${ORDERS} - ${Math.round(ORDERS * 0.03)} then (array['shipped','delivered','delivered','cancelled'])[1 + ${h} % 4]
      else (case when ${h} % 100 < 86 then 'completed' when ${h} % 100 < 98 then 'cancelled' else 'delivered' end) end::order_status`;

  // Orders in two halves at once; uuidv7() is called in created_at order within each half.
  const ordersBetween = (from: number, to: number) => `
      insert into orders (id, number, email, status, payment_method, currency, subtotal, discount_total, shipping_total, tax_total, total,
        shipping_method, shipping_address, idempotency_key, created_at, updated_at)
      select uuidv7(), 'D' || (100000 + g), ${customerEmail("c")}, ${statusFor("g", "h")},
        (case when h % 10 < 8 then 'card' else 'cod' end)::payment_method, 'USD',
        amount, 0, 5, round(amount * 0.08, 2), amount + 5 + round(amount * 0.08, 2), 'standard',
        jsonb_build_object('name', ${customerName("c")}, 'line1', (1 + h % 999) || ' Main St', 'city', 'Albany', 'region', 'NY', 'postalCode', '12207', 'country', 'US'),
        'bench-' || g, at, at
      from (
        select g, (hashint4((g)::int)::bigint & 2147483647) % ${CUSTOMERS} as c, (hashint4((g + 7919)::int)::bigint & 2147483647) as h,
          (10 + (hashint4((g + 104729)::int)::bigint & 2147483647) % 49000) / 100.0 as amount,
          date_trunc('second', now() - make_interval(secs => (${ORDERS} - g) * (730 * 86400.0 / ${ORDERS}))) as at
        from generate_series(${from}, ${to}) g
      ) s`;
  const half = Math.floor(ORDERS / 2);
  await step(`${fmt(ORDERS)} orders`, () =>
    both(
      () => one.unsafe(ordersBetween(1, half)),
      () => two.unsafe(ordersBetween(half + 1, ORDERS)),
    ),
  );
  await one.unsafe(`select setval('order_number_seq', ${100000 + ORDERS + 1})`);

  const statusPath = `case o.status
      when 'pending_payment' then array['pending_payment']
      when 'confirmed' then array['pending_payment','confirmed']
      when 'processing' then array['pending_payment','confirmed','processing']
      when 'partially_shipped' then array['pending_payment','confirmed','processing','partially_shipped']
      when 'shipped' then array['pending_payment','confirmed','processing','shipped']
      when 'delivered' then array['pending_payment','confirmed','processing','shipped','delivered']
      when 'completed' then array['pending_payment','confirmed','processing','shipped','delivered','completed']
      else array['pending_payment','cancelled'] end`;
  await step("order lines (1–4 per order) ‖ order status history", () =>
    both(
      () =>
        one.unsafe(`
          create temporary table bench_products as
            select row_number() over (order by sku) - 1 as n, id, sku, name from products where sku like 'BENCH-%';
          insert into order_items (id, order_id, product_id, sku, name, quantity, unit_price, line_total)
          select uuidv7(), o.id, p.id, p.sku, p.name, 1 + (o.n + i) % 3, 9.99, 9.99 * (1 + (o.n + i) % 3)
          from (select id, substr(number, 2)::int as n from orders order by created_at, id) o
          cross join lateral generate_series(1, 1 + (hashint4((o.n)::int)::bigint & 2147483647) % 4) i
          join bench_products p on p.n = floor(${BENCH_PRODUCTS} * power((hashint4((o.n * 4 + i)::int)::bigint & 2147483647) / 2147483648.0, 2))::int`),
      () =>
        two.unsafe(`
          insert into order_status_history (id, order_id, from_status, to_status, reason, actor, created_at)
          select uuidv7(), o.id, (o.path)[i - 1]::order_status, (o.path)[i]::order_status, 'bench', 'system:bench', o.created_at + (i - 1) * interval '3 hours'
          from (
            select id, created_at,
              case when created_at > now() - interval '6 months' or status = 'cancelled' then ${statusPath} else array['pending_payment', status::text] end as path
            from orders o order by created_at, id
          ) o
          cross join lateral generate_subscripts(o.path, 1) i`),
    ),
  );

  await step("payments of card orders with a history row ‖ one order/placed event per order", () =>
    both(
      () =>
        one.unsafe(`
          insert into payments (id, order_id, provider, intent_id, status, currency, amount, amount_received, created_at, updated_at)
          select uuidv7(), id, 'sandbox', 'pi_bench_' || substr(number, 2),
            (case status when 'pending_payment' then 'pending' when 'cancelled' then 'voided' when 'confirmed' then 'authorized' else 'captured' end)::payment_status,
            currency, total, case when status in ('pending_payment', 'cancelled', 'confirmed') then 0 else total end, created_at, created_at
          from orders where payment_method = 'card' order by created_at, id;
          insert into payment_status_history (id, payment_id, from_status, to_status, reason, created_at)
          select uuidv7(), p.id, null, p.status, 'bench', p.created_at + interval '1 hour'
          from (select * from payments order by created_at, id) p`),
      () =>
        two.unsafe(`
          insert into outbox (id, aggregate_type, aggregate_id, sequence, name, schema_version, payload, status, created_at, sent_at)
          select uuidv7(), 'order', id::text, 1, 'order/placed', 1,
            jsonb_build_object('orderId', id, 'number', number, 'email', email, 'currency', currency, 'total', total::text, 'paymentMethod', payment_method),
            'sent', created_at, created_at
          from orders order by created_at, id`),
    ),
  );

  // One warehouse per order (of 3), a fulfillment for each order that was confirmed, a parcel for
  // each that shipped, the first row of their histories, and a reservation per line of the orders
  // of the last six months (older ones would long be committed or released: fewer rows to load).
  await step("fulfillments, parcels and their first history rows ‖ reservations (one per line of the last 6 months)", () =>
    both(
      () =>
        one.unsafe(`
          create temporary table bench_warehouses as select row_number() over (order by code) - 1 as n, id from warehouses;
          insert into fulfillments (id, order_id, warehouse_id, status, created_at, updated_at, shipped_at)
          select uuidv7(), o.id, w.id,
            (case when o.status in ('confirmed') then 'pending' when o.status = 'processing' then 'picking' when o.status = 'completed' then 'completed' else 'shipped' end)::fulfillment_status,
            o.created_at + interval '3 hours', o.created_at + interval '9 hours', case when o.status in ('confirmed', 'processing') then null else o.created_at + interval '9 hours' end
          from (select id, status, created_at, substr(number, 2)::int as n from orders where status not in ('pending_payment', 'cancelled') order by created_at, id) o
          join bench_warehouses w on w.n = o.n % 3;
          insert into fulfillment_status_history (id, fulfillment_id, from_status, to_status, reason, actor, created_at)
          select uuidv7(), id, null, 'pending', 'bench', 'system:bench', created_at from fulfillments order by created_at, id;
          insert into shipments (id, fulfillment_id, order_id, carrier, service, tracking_number, status, box_code, weight_grams, created_at, updated_at, shipped_at)
          select uuidv7(), f.id, f.order_id, 'sandbox', 'standard', 'SBX' || replace(f.id::text, '-', ''), (case when f.status = 'completed' then 'delivered' else 'shipped' end)::shipment_status,
            'M', 1200, f.created_at + interval '5 hours', f.created_at + interval '5 hours', f.shipped_at
          from fulfillments f where f.status in ('shipped', 'completed') order by f.created_at, f.id;
          insert into shipment_status_history (id, shipment_id, from_status, to_status, reason, actor, created_at)
          select uuidv7(), id, null, 'label_pending', 'bench', 'system:bench', created_at from shipments order by created_at, id`),
      () =>
        two.unsafe(`
          create temporary table bench_warehouses as select row_number() over (order by code) - 1 as n, id from warehouses;
          insert into reservations (id, order_id, order_item_id, warehouse_id, product_id, quantity, status, created_at, updated_at)
          select uuidv7(), o.id, i.id, w.id, i.product_id, i.quantity,
            (case o.status when 'pending_payment' then 'active' when 'cancelled' then 'released' when 'confirmed' then 'confirmed' when 'processing' then 'confirmed' else 'committed' end)::reservation_status,
            o.created_at, o.created_at + interval '9 hours'
          from (select id, status, created_at, substr(number, 2)::int as n from orders where created_at > now() - interval '6 months' order by created_at, id) o
          join order_items i on i.order_id = o.id
          join bench_warehouses w on w.n = o.n % 3`),
    ),
  );

  await step(`${fmt(COMPENSATIONS)} failed compensations with 3 attempts each`, () =>
    one.unsafe(`
      insert into failed_compensations (id, operation, order_id, metadata, attempts, next_attempt_at, last_error, status, created_at, updated_at)
      select uuidv7(), (array['void_authorization','refund','release_reservations','payment_capture','restock','cancel_shipment'])[1 + h % 6]::compensation_operation,
        o.id, jsonb_build_object('source', 'bench', 'n', g), 3, at + interval '1 hour',
        'provider timed out after 10000 ms',
        (case when h % 100 < 55 then 'pending' when h % 100 < 70 then 'exhausted' when h % 100 < 95 then 'resolved' else 'discarded' end)::compensation_status,
        at, at
      from (
        select g, (hashint4((g + 31)::int)::bigint & 2147483647) as h, 100001 + (hashint4((g + 17)::int)::bigint & 2147483647) % ${ORDERS} as n,
          date_trunc('second', now() - make_interval(secs => (${COMPENSATIONS} - g) * (90 * 86400.0 / ${COMPENSATIONS}))) as at
        from generate_series(1, ${COMPENSATIONS}) g
      ) s join orders o on o.number = 'D' || s.n
      order by s.g;
      insert into compensation_attempts (compensation_id, attempt, trigger, outcome, error, created_at)
      select c.id, i, 'cron', 'failed', c.last_error, c.created_at + i * interval '10 minutes'
      from (select * from failed_compensations order by created_at, id) c cross join generate_series(1, 3) i`),
  );

  // The busy order: the newest one, taken through three warehouses and everything that can happen.
  const busyNumber = `D${100000 + ORDERS}`;
  await step(`busy order ${busyNumber}`, () =>
    one.unsafe(`
      create temporary table busy as select id, created_at from orders where number = '${busyNumber}';
      update orders set status = 'completed', payment_method = 'card' where number = '${busyNumber}';
      delete from order_status_history where order_id = (select id from busy);
      delete from fulfillment_status_history where fulfillment_id in (select id from fulfillments where order_id = (select id from busy));
      delete from shipment_status_history where shipment_id in (select id from shipments where order_id = (select id from busy));
      delete from shipments where order_id = (select id from busy);
      delete from fulfillments where order_id = (select id from busy);
      delete from reservations where order_id = (select id from busy);
      insert into order_status_history (order_id, from_status, to_status, reason, actor, created_at)
      select (select id from busy), (p)[i - 1]::order_status, (p)[i]::order_status, 'bench', 'system:bench', (select created_at from busy) + i * interval '1 hour'
      from (select array['pending_payment','confirmed','processing','partially_shipped','shipped','delivered','completed'] as p) a, generate_subscripts(a.p, 1) i;
      insert into fulfillments (order_id, warehouse_id, status, created_at, updated_at)
      select (select id from busy), w.id, 'completed', (select created_at from busy), (select created_at from busy) from warehouses w;
      insert into fulfillment_status_history (fulfillment_id, from_status, to_status, reason, actor, created_at)
      select f.id, (p)[i - 1]::fulfillment_status, (p)[i]::fulfillment_status, 'bench', 'system:bench', f.created_at + i * interval '20 minutes'
      from fulfillments f, (select array['pending','planning','picking','picked','packing','packed','ready','shipped','completed'] as p) a, generate_subscripts(a.p, 1) i
      where f.order_id = (select id from busy);
      insert into shipments (fulfillment_id, order_id, carrier, service, tracking_number, status, box_code, weight_grams, created_at, updated_at)
      select f.id, f.order_id, 'sandbox', 'standard', 'SBX' || left(md5(f.id::text), 12), 'delivered', 'M', 1200, f.created_at, f.created_at
      from fulfillments f where f.order_id = (select id from busy);
      insert into shipment_status_history (shipment_id, from_status, to_status, reason, actor, created_at)
      select s.id, (p)[i - 1]::shipment_status, (p)[i]::shipment_status, 'bench', 'system:bench', s.created_at + i * interval '1 hour'
      from shipments s, (select array['label_pending','labelled','shipped','in_transit','delivered'] as p) a, generate_subscripts(a.p, 1) i
      where s.order_id = (select id from busy);
      delete from payment_status_history where payment_id in (select id from payments where order_id = (select id from busy));
      delete from payments where order_id = (select id from busy);
      insert into payments (order_id, attempt, provider, intent_id, status, currency, amount)
      select (select id from busy), a, 'sandbox', 'pi_busy_' || a, (case when a = 1 then 'failed' else 'partially_refunded' end)::payment_status, 'USD', 100 from generate_series(1, 2) a;
      insert into payment_status_history (payment_id, from_status, to_status, reason, created_at)
      select p.id, null::payment_status, 'processing'::payment_status, 'bench', now() from payments p where p.order_id = (select id from busy)
      union all select p.id, 'processing', 'failed', 'card declined', now() from payments p where p.order_id = (select id from busy) and p.attempt = 1
      union all select p.id, 'processing', 'authorized', 'bench', now() from payments p where p.order_id = (select id from busy) and p.attempt = 2
      union all select p.id, 'authorized', 'captured', 'bench', now() from payments p where p.order_id = (select id from busy) and p.attempt = 2
      union all select p.id, 'captured', 'partially_refunded', 'short pick refunded', now() from payments p where p.order_id = (select id from busy) and p.attempt = 2;
      insert into reservations (order_id, order_item_id, warehouse_id, product_id, quantity, status, created_at, updated_at)
      select i.order_id, i.id, w.id, i.product_id, i.quantity, 'committed', (select created_at from busy), now()
      from order_items i, warehouses w where i.order_id = (select id from busy);
      insert into failed_compensations (operation, order_id, metadata, attempts, last_error, status, created_at, updated_at)
      select (array['refund','cancel_shipment','restock','payment_capture','refund'])[g]::compensation_operation, (select id from busy), '{"source":"bench"}', 10, 'gateway timed out',
        (array['resolved','discarded','exhausted','pending','resolved'])[g]::compensation_status, now(), now()
      from generate_series(1, 5) g;
      insert into compensation_attempts (compensation_id, attempt, trigger, outcome, error, created_at)
      select c.id, i, 'cron', 'failed', 'gateway timed out', now() from failed_compensations c, generate_series(1, 10) i where c.order_id = (select id from busy);
      insert into returns (number, order_id, status, currency) values ('R' || nextval('return_number_seq'), (select id from busy), 'refunded', 'USD');
      insert into return_status_history (return_id, from_status, to_status, reason, actor)
      select r.id, (p)[i - 1]::return_status, (p)[i]::return_status, 'bench', 'system:bench'
      from returns r, (select array['requested','approved','received','refunded'] as p) a, generate_subscripts(a.p, 1) i where r.order_id = (select id from busy);
      insert into audit_log (actor_email, actor_role, action, target_type, target_id, order_id, reason)
      select 'ops@depot.test', 'ops', (array['compensation.replay','compensation.discard','order.status_override','return.approve','return.receive'])[1 + g % 5], 'order', '${busyNumber}', (select id from busy), 'bench'
      from generate_series(1, 10) g;
      insert into outbox (aggregate_type, aggregate_id, sequence, name, schema_version, payload, status, sent_at)
      select 'order', (select id from busy)::text, 1 + g, 'order/status-changed', 1, jsonb_build_object('n', g), 'sent'::outbox_status, now() from generate_series(1, 6) g
      union all select 'fulfillment', f.id::text, g, 'fulfillment/status-changed', 1, jsonb_build_object('n', g), 'sent', now() from fulfillments f, generate_series(1, 9) g where f.order_id = (select id from busy)
      union all select 'shipment', s.id::text, g, 'shipment/status-changed', 1, jsonb_build_object('n', g), 'sent', now() from shipments s, generate_series(1, 5) g where s.order_id = (select id from busy)
      union all select 'payment', p.id::text, g, 'payment/status-changed', 1, jsonb_build_object('n', g), 'sent', now() from payments p, generate_series(1, 3) g where p.order_id = (select id from busy)`),
  );

  for (const l of loaders) await l.unsafe(`set session_replication_role = origin`);
  const counted = ["orders", "order_items", "order_status_history", "payments", "payment_status_history", "outbox", "fulfillments", "shipments", "reservations", "failed_compensations", "compensation_attempts"];
  const counts = await Promise.all(
    counted.map(async (t) => ({ t, n: (await one.unsafe<{ n: number }[]>(`select count(*)::int as n from ${t}`))[0]!.n })),
  );
  // Rebuilt on both sessions, largest tables spread between them.
  await step(`${secondary.length} secondary indexes rebuilt`, async () => {
    const queue = [...secondary];
    await both(
      async () => {
        for (let ix = queue.shift(); ix; ix = queue.shift()) await one.unsafe(ix.indexdef);
      },
      async () => {
        for (let ix = queue.shift(); ix; ix = queue.shift()) await two.unsafe(ix.indexdef);
      },
    );
  });
  await step("VACUUM ANALYZE", async () => {
    const tables = [...big, "audit_log", "returns", "return_status_history", "products", "warehouses", "users"];
    await both(
      async () => {
        for (let t = tables.shift(); t; t = tables.shift()) await one.unsafe(`vacuum analyze ${t}`);
      },
      async () => {
        for (let t = tables.shift(); t; t = tables.shift()) await two.unsafe(`vacuum analyze ${t}`);
      },
    );
  });
  await two.end({ timeout: 5 });
  await seeder.unsafe(`alter system reset autovacuum`);
  await seeder.unsafe(`select pg_reload_conf()`);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  console.log(`Loaded in ${fmt(loadSeconds, 1)} s: ${counts.map((c) => `${c.t} ${fmt(c.n)}`).join(", ")}\n`);

  // ── Inputs, drawn from the data ───────────────────────────────────────────────────────────
  const sample = await seeder<{ id: string; number: string; email: string; name: string }[]>`
    select id, number, email, shipping_address->>'name' as name from orders tablesample bernoulli (0.1) repeatable (42) order by random() limit ${RUNS + WARMUP}`;
  const skus = await seeder<{ sku: string }[]>`select sku from products where sku like 'BENCH-%' order by random() limit ${RUNS + WARMUP}`;
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;
  const [hotSku] = await seeder<{ sku: string; orders: number }[]>`
    select sku, count(distinct order_id)::int as orders from order_items where sku like 'BENCH-%' group by sku order by count(*) desc limit 1`;
  if (!hotSku) throw new Error("no bench SKU");
  const windowStart = (i: number) => new Date(Date.now() - (30 + ((i * 37) % 330)) * 86_400_000);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const sevenDays = (i: number) => ({ from: day(windowStart(i)), to: day(new Date(windowStart(i).getTime() + 6 * 86_400_000)) });

  // A deep keyset page: walk 300 pages of 100 completed orders (30,000 rows in) with the app's own cursors.
  let deepCursor: string | undefined;
  const walkStarted = performance.now();
  for (let i = 0; i < 300; i++) {
    const page = await searchOrders(db, { status: "completed", limit: 100, cursor: deepCursor });
    if (!page.nextCursor) break;
    deepCursor = page.nextCursor;
  }
  const walkMs = performance.now() - walkStarted;
  // And a deep DLQ page: 100 pages of 200 (20,000 rows in).
  let dlqCursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await listCompensations(db, { limit: 200, cursor: dlqCursor });
    if (!page.nextCursor) break;
    dlqCursor = page.nextCursor;
  }

  type Case = { label: string; run: (i: number) => Promise<unknown> };
  const cases: Case[] = [
    { label: "reference: order by primary key", run: (i) => db.select().from(schema.orders).where(eq(schema.orders.id, pick(sample, i).id)) },
    { label: "DLQ list, page 1 (50)", run: () => listCompensations(db, { limit: 50 }) },
    { label: "DLQ list, pending, page 1", run: () => listCompensations(db, { status: "pending", limit: 50 }) },
    { label: "DLQ list, pending refunds", run: () => listCompensations(db, { status: "pending", operation: "refund", limit: 50 }) },
    { label: "DLQ list, 20,000 rows deep", run: () => listCompensations(db, { limit: 50, cursor: dlqCursor }) },
    { label: "search: order number", run: (i) => searchOrders(db, { q: pick(sample, i).number, limit: 25 }) },
    { label: "search: email", run: (i) => searchOrders(db, { q: pick(sample, i).email.toUpperCase(), limit: 25 }) },
    { label: "search: full name (words)", run: (i) => searchOrders(db, { q: pick(sample, i).name, limit: 25 }) },
    { label: "search: surname only (one word)", run: (i) => searchOrders(db, { q: pick(sample, i).name.split(" ")[1]!, limit: 25 }) },
    { label: "search: SKU, any of the catalog", run: (i) => searchOrders(db, { sku: pick(skus, i).sku, limit: 25 }) },
    { label: `search: SKU, best seller (${fmt(hotSku.orders)} orders)`, run: () => searchOrders(db, { sku: hotSku.sku, limit: 25 }) },
    { label: "search: status + 7 days, page 1", run: (i) => searchOrders(db, { status: "completed", ...sevenDays(i), limit: 25 }) },
    { label: "search: status, 30,000 rows deep", run: () => searchOrders(db, { status: "completed", limit: 25, cursor: deepCursor }) },
    { label: "search: newest orders, page 1", run: () => searchOrders(db, { limit: 25 }) },
    { label: `timeline of busy order ${busyNumber}`, run: () => orderTimeline(db, busyNumber) },
  ];

  type Plan = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; Plans?: Plan[] };
  type Explained = { Plan: Plan & { "Shared Hit Blocks"?: number; "Shared Read Blocks"?: number }; "Execution Time": number };
  /** Node types with their index or table, outermost first; "Seq Scan on orders" would show a missed index. */
  function nodes(plan: Plan): string[] {
    const self = plan["Index Name"]
      ? `${plan["Node Type"]} ${plan["Index Name"]}`
      : plan["Relation Name"]
        ? `${plan["Node Type"]} ${plan["Relation Name"]}`
        : null;
    return [...(self ? [self] : []), ...(plan.Plans ?? []).flatMap(nodes)];
  }
  async function explain(run: () => Promise<unknown>) {
    captured = [];
    await run();
    const statements = captured;
    captured = null;
    const out: { scans: string[]; ms: number; hit: number; read: number }[] = [];
    for (const s of statements) {
      const [row] = await client.unsafe<{ "QUERY PLAN": Explained[] }[]>(`explain (analyze, buffers, format json) ${s.text}`, s.params as never[]);
      const e = row!["QUERY PLAN"][0]!;
      out.push({ scans: nodes(e.Plan), ms: e["Execution Time"], hit: e.Plan["Shared Hit Blocks"] ?? 0, read: e.Plan["Shared Read Blocks"] ?? 0 });
    }
    return out;
  }

  type Result = { label: string; p50: number; p95: number; p99: number; plans: Awaited<ReturnType<typeof explain>> };
  const results: Result[] = [];
  console.log(`Timing ${cases.length} queries, ${RUNS} runs each …`);
  for (const c of cases) {
    for (let i = 0; i < WARMUP; i++) await c.run(RUNS + i);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await c.run(i);
      times.push(performance.now() - t0);
    }
    const sorted = sortAscending(times);
    results.push({ label: c.label, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), plans: await explain(() => c.run(0)) });
  }

  const machine = await machineLine(seeder, "the database and this process");
  const reference = results[0]!;
  console.log(
    `\nOps read paths — ${fmt(Number(counts.find((c) => c.t === "orders")!.n))} orders, ${fmt(Number(counts.find((c) => c.t === "order_items")!.n))} order lines, ${fmt(Number(counts.find((c) => c.t === "failed_compensations")!.n))} failed compensations; domain functions through drizzle, ${RUNS} runs each`,
  );
  console.log(`${machine}\n`);
  const header = `${"query".padEnd(46)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"p99 ms".padStart(7)} │ ${"p50 × ref".padStart(9)} ${"p95 × ref".padStart(9)}`;
  console.log(header);
  console.log("─".repeat(header.length));
  for (const r of results) {
    console.log(
      `${r.label.padEnd(46)} ${fmt(r.p50, 2).padStart(7)} ${fmt(r.p95, 2).padStart(7)} ${fmt(r.p99, 2).padStart(7)} │ ${fmt(r.p50 / reference.p50, 1).padStart(9)} ${fmt(r.p95 / reference.p95, 1).padStart(9)}`,
    );
  }
  console.log("\nEXPLAIN (ANALYZE, BUFFERS) of each statement, for input 0 (plan nodes that read a table or an index, outermost first):");
  let seqScans = 0;
  for (const r of results) {
    console.log(`${r.label}:`);
    for (const [i, p] of r.plans.entries()) {
      const seq = p.scans.filter((s) => s.startsWith("Seq Scan"));
      seqScans += seq.length;
      console.log(`  ${r.plans.length > 1 ? `${i + 1}. ` : ""}${fmt(p.ms, 2)} ms, buffers hit ${fmt(p.hit)} read ${fmt(p.read)}: ${p.scans.join(" → ") || "(no table read)"}`);
    }
  }
  console.log(
    [
      "",
      `Load (${fmt(loadSeconds, 1)} s) and deep cursors (300 pages of 100 walked in ${fmt(walkMs / 1000, 1)} s) are not part of the timings.`,
      "Each timing is one call of the domain function the tRPC procedure makes (searchOrders, orderTimeline, listCompensations): every",
      "statement it sends plus drizzle's mapping, on a pool of 10 (the timeline sends some at once); the reference is a drizzle select of one order by id.",
      seqScans === 0 ? "No statement read a table sequentially." : `${seqScans} sequential scans above (small tables such as warehouses are expected).`,
    ].join("\n"),
  );
} finally {
  await Promise.all([client.end({ timeout: 5 }), seeder.end({ timeout: 5 })]).catch(() => undefined);
  await pg.stop();
}
