-- hand-written:
-- Typo-tolerant storefront search (issue 14): trigram word similarity on the product name. The
-- index is here, not in db/schema, because drizzle-kit would emit it before the extension it needs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "products_name_trgm_idx" ON "products" USING gin ("name" gin_trgm_ops);
