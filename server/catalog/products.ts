import { and, asc, count, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inventoryLevels, productPrices, products } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { CatalogListInput, CatalogSort } from "@/server/vocabulary/catalog";
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

/** The current store-currency price, as a column the list can sort by. */
const currentPrice = sql`(select ${productPrices.amount} from ${productPrices}
  where ${productPrices.productId} = ${products.id} and ${productPrices.currency} = ${STORE_CURRENCY}
    and ${productPrices.effectiveFrom} <= now() and (${productPrices.effectiveTo} is null or ${productPrices.effectiveTo} > now()))`;

const inStock = sql`exists (select 1 from ${inventoryLevels}
  where ${inventoryLevels.productId} = ${products.id} group by ${inventoryLevels.productId}
  having sum(${inventoryLevels.onHand} - ${inventoryLevels.reserved}) > 0)`;

function order(sort: CatalogSort, terms: string | undefined): SQL[] {
  switch (sort) {
    case "price-asc":
      return [sql`${currentPrice} asc nulls last`, asc(products.name)];
    case "price-desc":
      return [sql`${currentPrice} desc nulls last`, asc(products.name)];
    case "newest":
      return [desc(products.createdAt), asc(products.name)];
    case "name":
      return [asc(products.name)];
    case "relevance":
      if (!terms) return [asc(products.name)];
      // Exact words (full text) first, then the closest spellings.
      return [
        sql`(${products.search} @@ websearch_to_tsquery('english', ${terms})) desc`,
        sql`ts_rank(${products.search}, websearch_to_tsquery('english', ${terms})) desc`,
        sql`word_similarity(${terms}, ${products.name}) desc`,
        asc(products.name),
      ];
  }
}

/**
 * Active products a page at a time: a search matches words (full text) or near spellings of the
 * name (pg_trgm, "skilet" finds the skillet); filters by category and stock; sorted as asked.
 */
export async function listProducts(db: DbOrTx, input: Partial<CatalogListInput> & Pick<CatalogListInput, "page" | "pageSize">): Promise<ProductPage> {
  const terms = input.query?.trim() || undefined;
  const filter = and(
    eq(products.active, true),
    terms
      ? or(
          sql`${products.search} @@ websearch_to_tsquery('english', ${terms})`,
          // pg_trgm: a word of the name within word_similarity_threshold (0.6); uses products_name_trgm_idx.
          sql`${terms} <% ${products.name}`,
        )
      : undefined,
    input.category ? eq(products.category, input.category) : undefined,
    input.inStock ? inStock : undefined,
  );
  const sort = input.sort ?? (terms ? "relevance" : "name");
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(products)
      .where(filter)
      .orderBy(...order(sort, terms))
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

/** Categories that have at least one active product, for the storefront filter. */
export async function listCategories(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ category: products.category }).from(products).where(eq(products.active, true)).orderBy(asc(products.category));
  return rows.map((r) => r.category);
}
