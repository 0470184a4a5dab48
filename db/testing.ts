import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { databaseUrl } from "@/server/env";
import { createDb, type Db, type DbHandle } from "./client";
import { inventoryLedger, inventoryLevels, productPrices, products, warehouseLocations, warehouses } from "./schema";

/** A pool on the test database (the vitest global setup provides DATABASE_URL). */
export function testDb(max = 10): DbHandle {
  return createDb(databaseUrl(), { max });
}

/** Empties the outbox and consumer bookkeeping between tests. */
export async function resetOutbox(db: Db): Promise<void> {
  await db.execute(sql`truncate outbox, outbox_sequences, processed_events, consumer_positions`);
}

/** A product of its own for a test: a price and stock per warehouse code (in a random bin), with ledger rows. */
export async function createTestProduct(
  db: Db,
  options: { price?: string; stock: Partial<Record<"EAST" | "CENTRAL" | "WEST", number>>; name?: string; category?: string },
): Promise<{ id: string; sku: string; name: string }> {
  const sku = `TEST-${randomUUID().slice(0, 8).toUpperCase()}`;
  const name = options.name ?? `Test product ${sku}`;
  const [product] = await db
    .insert(products)
    .values({ sku, name, category: options.category ?? "test", weightGrams: 100, description: "made by a test" })
    .returning({ id: products.id });
  await db.insert(productPrices).values({ productId: product!.id, currency: "USD", amount: options.price ?? "10.00", effectiveFrom: sql`now() - interval '1 day'` });
  const sites = await db.select({ id: warehouses.id, code: warehouses.code }).from(warehouses);
  for (const [code, onHand] of Object.entries(options.stock)) {
    const warehouseId = sites.find((s) => s.code === code)!.id;
    const [bin] = await db
      .select({ id: warehouseLocations.id })
      .from(warehouseLocations)
      .where(sql`${warehouseLocations.warehouseId} = ${warehouseId}`)
      .orderBy(sql`random()`)
      .limit(1);
    await db.insert(inventoryLevels).values({ warehouseId, productId: product!.id, onHand, locationId: bin?.id ?? null });
    await db.insert(inventoryLedger).values({ warehouseId, productId: product!.id, onHandDelta: onHand, reservedDelta: 0, reason: "test_stock" });
  }
  return { id: product!.id, sku, name };
}

/** Stock and ledger agree for a product: `reserved` = live reservations = ledger sum, per warehouse. */
export async function stockInvariants(db: Db, productId: string) {
  return db.execute<{ warehouse_id: string; on_hand: number; reserved: number; live: number; ledger_on_hand: number; ledger_reserved: number }>(sql`
    select il.warehouse_id, il.on_hand, il.reserved,
      coalesce((select sum(quantity) from reservations r where r.warehouse_id = il.warehouse_id and r.product_id = il.product_id and r.status in ('active','confirmed')), 0)::int as live,
      coalesce((select sum(on_hand_delta) from inventory_ledger l where l.warehouse_id = il.warehouse_id and l.product_id = il.product_id), 0)::int as ledger_on_hand,
      coalesce((select sum(reserved_delta) from inventory_ledger l where l.warehouse_id = il.warehouse_id and l.product_id = il.product_id), 0)::int as ledger_reserved
    from inventory_levels il where il.product_id = ${productId}`);
}

/**
 * Bins of a zone of their own in a warehouse, for a test that must see only its own work (a
 * wave released for that zone takes only its fulfillments). Walk sequences start at `walkFrom`.
 */
export async function createTestBins(db: Db, warehouseCode: "EAST" | "CENTRAL" | "WEST", count: number, walkFrom = 900_000) {
  const [site] = await db.select({ id: warehouses.id }).from(warehouses).where(sql`${warehouses.code} = ${warehouseCode}`);
  const zone = `T${randomUUID().slice(0, 6).toUpperCase()}`;
  return db
    .insert(warehouseLocations)
    .values(
      Array.from({ length: count }, (_, i) => ({
        warehouseId: site!.id,
        zone,
        aisle: 1,
        shelf: 1,
        bin: i + 1,
        code: `${zone}-01-1-${String(i + 1).padStart(2, "0")}`,
        walkSequence: walkFrom + i,
      })),
    )
    .returning();
}

/** Puts a product's stock in a warehouse into a given bin. */
export async function placeInBin(db: Db, productId: string, location: { id: string; warehouseId: string }) {
  await db
    .update(inventoryLevels)
    .set({ locationId: location.id })
    .where(sql`${inventoryLevels.productId} = ${productId} and ${inventoryLevels.warehouseId} = ${location.warehouseId}`);
}
