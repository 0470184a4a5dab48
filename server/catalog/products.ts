import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { availableUnits, currentPrices, STORE_CURRENCY } from "./pricing";
import { productImageUrls } from "./product-images";

export type ProductCard = {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  weightGrams: number;
  price: string | null;
  currency: string;
  available: number;
  /** The picture's URL, or null for a product without one. */
  imageUrl: string | null;
};

export type ProductPage = { items: ProductCard[]; total: number; page: number; pageSize: number; pageCount: number };

async function withPricesAndStock(db: DbOrTx, rows: (typeof products.$inferSelect)[]): Promise<ProductCard[]> {
  const ids = rows.map((r) => r.id);
  const [prices, stock, images] = await Promise.all([currentPrices(db, ids), availableUnits(db, ids), productImageUrls(db, rows)]);
  return rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    name: r.name,
    description: r.description,
    category: r.category,
    weightGrams: r.weightGrams,
    price: prices.get(r.id) ?? null,
    currency: STORE_CURRENCY,
    available: Math.max(0, stock.get(r.id) ?? 0),
    imageUrl: images.get(r.id) ?? null,
  }));
}

/** Active products, optionally matching a full-text query, a page at a time. */
export async function listProducts(db: DbOrTx, input: { query?: string; page: number; pageSize: number }): Promise<ProductPage> {
  const terms = input.query?.trim();
  const filter: SQL | undefined = terms
    ? and(eq(products.active, true), sql`${products.search} @@ websearch_to_tsquery('english', ${terms})`)
    : eq(products.active, true);
  const order = terms
    ? [sql`ts_rank(${products.search}, websearch_to_tsquery('english', ${terms})) desc`, asc(products.name)]
    : [asc(products.name)];
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(products)
      .where(filter)
      .orderBy(...order)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(products).where(filter),
  ]);
  const total = totals?.total ?? 0;
  return {
    items: await withPricesAndStock(db, rows),
    total,
    page: input.page,
    pageSize: input.pageSize,
    pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
  };
}

export async function productBySku(db: DbOrTx, sku: string): Promise<ProductCard> {
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.sku, sku.toUpperCase()), eq(products.active, true)))
    .limit(1);
  if (rows.length === 0) throw new DomainError("NOT_FOUND", `We couldn't find a product with SKU ${sku}.`);
  const [card] = await withPricesAndStock(db, rows);
  return card!;
}
