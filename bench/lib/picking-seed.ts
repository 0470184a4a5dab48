/**
 * Seeds work for the picking bench straight into the database, in the shape the real saga
 * leaves it (checkout → payment → confirmPaidOrder → createFulfillments), because placing 1,000
 * orders through the real checkout would take longer than the bench itself:
 *
 *   orders (confirmed, cash on delivery) + order_status_history (→ pending_payment → confirmed)
 *   order_items, reservations (confirmed) with inventory_levels.reserved raised by the same units
 *   and one inventory_ledger row ('reserved') each, fulfillments (pending) + fulfillment_items
 *   (reservation_id set) + fulfillment_status_history (→ pending).
 *
 * No outbox rows are written (nothing downstream needs the fulfillment/created events), and no
 * payments rows (cash on delivery), so the saga's crons leave these orders alone. The stock
 * invariants hold afterwards: reserved = sum of confirmed reservations, and the ledger sums to
 * on_hand and reserved (checked by `stockInvariantViolations`).
 */
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import type postgres from "postgres";

/** Units every stocked product gets in the bench warehouse, so reservations never run out. */
export const PICKING_STOCK = 1_000_000;

export type StockedProduct = {
  productId: string;
  sku: string;
  name: string;
  price: string;
  locationId: string;
  binCode: string;
  zone: string;
  walkSequence: number;
};

/** A small deterministic PRNG (mulberry32), so every run seeds the same shape of orders. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function warehouseId(sql: postgres.Sql, code: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from warehouses where code = ${code}`;
  if (!row) throw new Error(`no warehouse ${code}`);
  return row.id;
}

/**
 * The active products with a bin and a current USD price in the warehouse, restocked to
 * PICKING_STOCK units with a 'bench_restock' ledger row each. In walk order.
 */
export async function stockWarehouse(sql: postgres.Sql, warehouse: string): Promise<StockedProduct[]> {
  const products = await sql<StockedProduct[]>`
    select l.product_id as "productId", p.sku, p.name, pr.amount::text as price, l.location_id as "locationId",
      w.code as "binCode", w.zone, w.walk_sequence as "walkSequence"
    from inventory_levels l
    join products p on p.id = l.product_id and p.active
    join warehouse_locations w on w.id = l.location_id
    join lateral (
      select amount from product_prices
      where product_id = p.id and currency = 'USD' and effective_from <= now() and (effective_to is null or effective_to > now())
      order by effective_from desc limit 1) pr on true
    where l.warehouse_id = ${warehouse}
    order by w.walk_sequence`;
  if (products.length < 3) throw new Error(`warehouse ${warehouse} stocks only ${products.length} products with a bin`);
  await sql.begin(async (tx) => {
    const levels = await tx<{ product_id: string; old_on_hand: number }[]>`
      with old as (
        select product_id, on_hand from inventory_levels
        where warehouse_id = ${warehouse} and product_id in ${tx(products.map((p) => p.productId))} for update)
      update inventory_levels l set on_hand = ${PICKING_STOCK}, updated_at = now()
      from old where l.warehouse_id = ${warehouse} and l.product_id = old.product_id and old.on_hand <> ${PICKING_STOCK}
      returning l.product_id, old.on_hand as old_on_hand`;
    for (const l of levels) {
      await tx`
        insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason, reference_type, reference_id)
        values (${warehouse}, ${l.product_id}, ${PICKING_STOCK - l.old_on_hand}, 0, 'bench_restock', 'bench', 'picking')`;
    }
  });
  return products;
}

/**
 * `count` more picker accounts of the warehouse (bench.picker<NN>.<tag>@depot.test) with the
 * demo password, hashed once as db/seed.ts does. Returns their emails.
 */
export async function addPickers(sql: postgres.Sql, warehouse: string, count: number, password: string, tag: string): Promise<string[]> {
  // Loaded here, not at the top: the benches set process.env before any app module loads.
  const { hashPassword } = await import("@/server/users/password");
  const hash = await hashPassword(password);
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `bench.picker${String(i + 1).padStart(2, "0")}.${tag}@depot.test`,
    name: `Bench Picker ${i + 1}`,
    password_hash: hash,
  }));
  await sql`
    insert into users (email, name, password_hash, role, warehouse_id)
    select r.email, r.name, r.password_hash, 'picker', ${warehouse}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(email text, name text, password_hash text)`;
  return rows.map((r) => r.email);
}

export type SeededFulfillment = {
  fulfillmentId: string;
  orderId: string;
  createdAt: Date;
  lines: { fulfillmentItemId: string; productId: string; quantity: number }[];
};

const ADDRESS = { name: "Bench Buyer", line1: "1 Benchmark Way", city: "Newark", region: "NJ", postalCode: "07102", country: "US" };

/**
 * `count` confirmed orders, each with one pending fulfillment in `warehouse`: 1-3 lines of
 * distinct products, 1-3 units each, drawn with `random`; created_at one second apart, oldest
 * first, ending now. One transaction. Returns the fulfillments in created order.
 */
export async function seedReadyFulfillments(
  sql: postgres.Sql,
  input: { warehouse: string; products: StockedProduct[]; count: number; random: () => number; tag: string },
): Promise<SeededFulfillment[]> {
  const { warehouse, products, count, random, tag } = input;
  const now = Date.now();
  const orders: Record<string, unknown>[] = [];
  const items: Record<string, unknown>[] = [];
  const seeded: SeededFulfillment[] = [];
  for (let i = 0; i < count; i++) {
    const orderId = randomUUID();
    const fulfillmentId = randomUUID();
    const createdAt = new Date(now - (count - i) * 1000);
    const picked = new Set<number>();
    const lineCount = 1 + Math.floor(random() * 3);
    while (picked.size < lineCount) picked.add(Math.floor(random() * products.length));
    let subtotal = new Decimal(0);
    const lines: SeededFulfillment["lines"] = [];
    for (const index of picked) {
      const product = products[index]!;
      const quantity = 1 + Math.floor(random() * 3);
      const lineTotal = new Decimal(product.price).times(quantity);
      subtotal = subtotal.plus(lineTotal);
      const item = { id: randomUUID(), reservation_id: randomUUID(), fulfillment_item_id: randomUUID() };
      items.push({
        ...item,
        order_id: orderId,
        fulfillment_id: fulfillmentId,
        product_id: product.productId,
        sku: product.sku,
        name: product.name,
        quantity,
        unit_price: product.price,
        line_total: lineTotal.toFixed(4),
      });
      lines.push({ fulfillmentItemId: item.fulfillment_item_id, productId: product.productId, quantity });
    }
    orders.push({
      id: orderId,
      fulfillment_id: fulfillmentId,
      number: `B${tag}${String(i + 1).padStart(5, "0")}`,
      email: `picking+${tag}-${i + 1}@example.com`,
      subtotal: subtotal.toFixed(4),
      idempotency_key: `bench-picking-${tag}-${i + 1}`,
      created_at: createdAt.toISOString(),
    });
    seeded.push({ fulfillmentId, orderId, createdAt, lines });
  }

  await sql.begin(async (tx) => {
    const o = tx`jsonb_to_recordset(${JSON.stringify(orders)}::jsonb) as o(id uuid, fulfillment_id uuid, number text, email text, subtotal numeric, idempotency_key text, created_at timestamptz)`;
    const it = tx`jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as i(id uuid, reservation_id uuid, fulfillment_item_id uuid, order_id uuid, fulfillment_id uuid, product_id uuid, sku text, name text, quantity int, unit_price numeric, line_total numeric)`;
    await tx`
      insert into orders (id, number, email, status, payment_method, currency, subtotal, discount_total, shipping_total, tax_total, total,
        shipping_method, shipping_address, idempotency_key, created_at, updated_at)
      select o.id, o.number, o.email, 'confirmed', 'cod', 'USD', o.subtotal, 0, 0, 0, o.subtotal,
        'standard', ${JSON.stringify(ADDRESS)}::jsonb, o.idempotency_key, o.created_at, o.created_at
      from ${o}`;
    await tx`
      insert into order_status_history (order_id, from_status, to_status, reason, actor, created_at)
      select o.id, null::order_status, 'pending_payment'::order_status, 'order placed', 'system:bench', o.created_at from ${o}
      union all
      select o.id, 'pending_payment'::order_status, 'confirmed'::order_status, 'confirmed by the picking bench', 'system:bench', o.created_at from ${o}`;
    await tx`
      insert into order_items (id, order_id, product_id, sku, name, quantity, unit_price, line_total)
      select i.id, i.order_id, i.product_id, i.sku, i.name, i.quantity, i.unit_price, i.line_total from ${it}`;
    // Stock first, guarded as reserveStock does, one row per product in a fixed order.
    const raised = await tx<{ product_id: string }[]>`
      with need as (select i.product_id, sum(i.quantity)::int as q from ${it} group by i.product_id)
      update inventory_levels l set reserved = l.reserved + need.q, updated_at = now()
      from need
      where l.warehouse_id = ${warehouse} and l.product_id = need.product_id and l.on_hand - l.reserved >= need.q
      returning l.product_id`;
    const needed = new Set(items.map((i) => i.product_id)).size;
    if (raised.length !== needed) throw new Error(`seed: stock reserved for ${raised.length} of ${needed} products`);
    await tx`
      insert into reservations (id, order_id, order_item_id, warehouse_id, product_id, quantity, status, expires_at, created_at, updated_at)
      select i.reservation_id, i.order_id, i.id, ${warehouse}, i.product_id, i.quantity, 'confirmed', null, now(), now() from ${it}`;
    await tx`
      insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason, reference_type, reference_id)
      select ${warehouse}, i.product_id, 0, i.quantity, 'reserved', 'order', i.order_id::text from ${it}`;
    await tx`
      insert into fulfillments (id, order_id, warehouse_id, status, created_at, updated_at)
      select o.fulfillment_id, o.id, ${warehouse}, 'pending', o.created_at, o.created_at from ${o}`;
    await tx`
      insert into fulfillment_items (id, fulfillment_id, order_item_id, product_id, reservation_id, quantity)
      select i.fulfillment_item_id, i.fulfillment_id, i.id, i.product_id, i.reservation_id, i.quantity from ${it}`;
    await tx`
      insert into fulfillment_status_history (fulfillment_id, from_status, to_status, reason, actor, created_at)
      select o.fulfillment_id, null, 'pending', 'order confirmed', 'system:bench', o.created_at from ${o}`;
  });
  return seeded;
}

/**
 * Rows of the warehouse whose stock invariants do not hold: the ledger sums to on_hand and
 * reserved, and reserved equals the confirmed + active reservations.
 */
export async function stockInvariantViolations(sql: postgres.Sql, warehouse: string): Promise<Record<string, unknown>[]> {
  return sql`
    select l.product_id, l.on_hand, l.reserved, coalesce(g.on_hand, 0)::int as ledger_on_hand, coalesce(g.reserved, 0)::int as ledger_reserved,
      coalesce(r.live, 0)::int as live
    from inventory_levels l
    left join (select product_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from inventory_ledger
      where warehouse_id = ${warehouse} group by product_id) g on g.product_id = l.product_id
    left join (select product_id, sum(quantity) as live from reservations
      where warehouse_id = ${warehouse} and status in ('active', 'confirmed') group by product_id) r on r.product_id = l.product_id
    where l.warehouse_id = ${warehouse}
      and (l.on_hand <> coalesce(g.on_hand, 0) or l.reserved <> coalesce(g.reserved, 0) or l.reserved <> coalesce(r.live, 0))`;
}
