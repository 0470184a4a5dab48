import type postgres from "postgres";
import { fmt } from "./stats";

/** How many products the benches buy, and the units each gets in every warehouse. */
export const PRODUCT_COUNT = 20;
export const STOCK = 1_000_000;

export type BenchProduct = { id: string; sku: string };

/**
 * The bench products, the first PRODUCT_COUNT active seed products (all have a current USD
 * price), with STOCK units in every warehouse that stocks one of them. Each change of on_hand
 * gets its ledger row (reason 'bench_restock', reference 'bench' / `referenceId`), so the ledger
 * keeps summing to on_hand. Prints what it restocked. The products come back in seed order.
 */
export async function restockBenchProducts(sql: postgres.Sql, referenceId: string): Promise<BenchProduct[]> {
  // Loaded here, not at the top: the benches set process.env before any app module loads.
  const { seedProducts } = await import("@/db/seed-data");
  const skus = seedProducts.filter((p) => p.active).slice(0, PRODUCT_COUNT).map((p) => p.sku);
  const rows = await sql<BenchProduct[]>`select id, sku from products where sku in ${sql(skus)}`;
  if (rows.length !== skus.length) throw new Error(`expected ${skus.length} bench products, found ${rows.length}`);
  const bySku = new Map(rows.map((p) => [p.sku, p]));
  const products = skus.map((sku) => bySku.get(sku)!);
  const productIds = products.map((p) => p.id);

  const restocked = await sql.begin(async (tx) => {
    const levels = await tx<{ warehouse_id: string; product_id: string; old_on_hand: number }[]>`
      with old as (
        select warehouse_id, product_id, on_hand from inventory_levels where product_id in ${tx(productIds)} for update)
      update inventory_levels l set on_hand = ${STOCK}, updated_at = now()
      from old where l.warehouse_id = old.warehouse_id and l.product_id = old.product_id
      returning l.warehouse_id, l.product_id, old.on_hand as old_on_hand`;
    for (const r of levels) {
      if (r.old_on_hand === STOCK) continue;
      await tx`
        insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason, reference_type, reference_id)
        values (${r.warehouse_id}, ${r.product_id}, ${STOCK - r.old_on_hand}, 0, 'bench_restock', 'bench', ${referenceId})`;
    }
    return levels.length;
  });
  console.log(`Restocked ${restocked} inventory rows of ${skus.length} products to ${fmt(STOCK)} units`);
  return products;
}
