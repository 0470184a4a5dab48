import { sql } from "drizzle-orm";
import { boolean, check, char, customType, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sku: text("sku").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    category: text("category").notNull(),
    weightGrams: integer("weight_grams").notNull(),
    /** Packing must pass a QC check before such a product ships. */
    requiresQc: boolean("requires_qc").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Full-text search over name, SKU, category and description (storefront search). */
    search: tsvector("search").generatedAlwaysAs(
      sql`to_tsvector('english', name || ' ' || replace(sku, '-', ' ') || ' ' || category || ' ' || description)`,
    ),
  },
  (t) => [
    check("products_weight_positive", sql`${t.weightGrams} > 0`),
    index("products_search_idx").using("gin", t.search),
    index("products_active_name_idx").on(t.active, t.name),
  ],
);

/** Price history: a change closes the current row and opens a new one, never overwrites (PR-P1-01). */
export const productPrices = pgTable(
  "product_prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    currency: char("currency", { length: 3 }).notNull(),
    amount: numeric("amount", { precision: 19, scale: 4 }).notNull(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull().defaultNow(),
    effectiveTo: timestamp("effective_to", { withTimezone: true }),
  },
  (t) => [
    index("product_prices_lookup_idx").on(t.productId, t.currency, t.effectiveFrom),
    // At most one open-ended (current) price per product and currency.
    uniqueIndex("product_prices_open_uq").on(t.productId, t.currency).where(sql`${t.effectiveTo} is null`),
    check("product_prices_amount_non_negative", sql`${t.amount} >= 0`),
    check("product_prices_period", sql`${t.effectiveTo} is null or ${t.effectiveTo} > ${t.effectiveFrom}`),
  ],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/** A product's picture, kept in the database so it survives restarts and needs no file store. */
export const productImages = pgTable(
  "product_images",
  {
    productId: uuid("product_id")
      .primaryKey()
      .references(() => products.id),
    contentType: text("content_type").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: bytea("bytes").notNull(),
    /** A hash of the bytes: the HTTP ETag and the version in the image's URL. */
    etag: text("etag").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("product_images_size_positive", sql`${t.width} > 0 and ${t.height} > 0`)],
);

export type Product = typeof products.$inferSelect;
export type ProductPrice = typeof productPrices.$inferSelect;
export type ProductImage = typeof productImages.$inferSelect;
