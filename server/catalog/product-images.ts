import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { productImages, products, type ProductImage } from "@/db/schema";

/** The picture of an active product, or null when the SKU is unknown or has none. */
export async function productImageBySku(db: DbOrTx, sku: string): Promise<Pick<ProductImage, "contentType" | "width" | "height" | "bytes" | "etag"> | null> {
  const [row] = await db
    .select({
      contentType: productImages.contentType,
      width: productImages.width,
      height: productImages.height,
      bytes: productImages.bytes,
      etag: productImages.etag,
    })
    .from(productImages)
    .innerJoin(products, eq(products.id, productImages.productId))
    .where(and(eq(products.sku, sku.toUpperCase()), eq(products.active, true)))
    .limit(1);
  return row ?? null;
}

/** Where a product's picture is served; the version changes with the bytes, so the URL can be cached for good. */
export function productImageUrl(sku: string, etag: string): string {
  return `/api/products/${encodeURIComponent(sku)}/image?v=${etag}`;
}

/** The image URL of each given product that has a picture. */
export async function productImageUrls(db: DbOrTx, rows: readonly { id: string; sku: string }[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const found = await db
    .select({ productId: productImages.productId, etag: productImages.etag })
    .from(productImages)
    .where(
      inArray(
        productImages.productId,
        rows.map((r) => r.id),
      ),
    );
  const skus = new Map(rows.map((r) => [r.id, r.sku]));
  return new Map(found.map((f) => [f.productId, productImageUrl(skus.get(f.productId)!, f.etag)]));
}
