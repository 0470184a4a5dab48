import { eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/products/[sku]/image/route";
import { productImages, products } from "@/db/schema";
import { seedProducts } from "@/db/seed-data";
import { createTestProduct, testDb } from "@/db/testing";
import { testBrowser } from "@/server/trpc/testing";

const handle = testDb(2);
const db = handle.db;
afterAll(() => handle.close());
const { caller } = testBrowser();

const ACTIVE_SKU = seedProducts.find((p) => p.active)!.sku;
const INACTIVE_SKU = seedProducts.find((p) => !p.active)!.sku;

function imageRequest(sku: string, query = "", headers: HeadersInit = {}) {
  return GET(new Request(`http://localhost/api/products/${encodeURIComponent(sku)}/image${query}`, { headers }), { params: Promise.resolve({ sku }) });
}

async function storedEtag(sku: string): Promise<string> {
  const [row] = await db
    .select({ etag: productImages.etag })
    .from(productImages)
    .innerJoin(products, eq(products.id, productImages.productId))
    .where(eq(products.sku, sku));
  return row!.etag;
}

describe("product images (issue 14)", () => {
  it("issue 14: the seed gives every demo product a picture that decodes to its stored size and type", async () => {
    const rows = await db
      .select({ sku: products.sku, image: productImages })
      .from(productImages)
      .innerJoin(products, eq(products.id, productImages.productId))
      .where(
        inArray(
          products.sku,
          seedProducts.map((p) => p.sku),
        ),
      );
    expect(rows.map((r) => r.sku).sort()).toEqual(seedProducts.map((p) => p.sku).sort());
    for (const { sku, image } of rows) {
      const meta = await sharp(image.bytes).metadata();
      expect({ sku, format: `image/${meta.format}`, width: meta.width, height: meta.height }).toEqual({
        sku,
        format: image.contentType,
        width: image.width,
        height: image.height,
      });
      expect(image.width).toBeGreaterThanOrEqual(400);
    }
    // Each card is drawn from the product's own name: no two demo products share a picture.
    expect(new Set(rows.map((r) => r.image.etag)).size).toBe(rows.length);
  });

  it("issue 14: the route serves the picture with its type, an ETag and long caching for the versioned URL", async () => {
    const etag = await storedEtag(ACTIVE_SKU);
    const versioned = await imageRequest(ACTIVE_SKU.toLowerCase(), `?v=${etag}`);
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get("content-type")).toBe("image/webp");
    expect(versioned.headers.get("etag")).toBe(`"${etag}"`);
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = Buffer.from(await versioned.arrayBuffer());
    expect(versioned.headers.get("content-length")).toBe(String(body.length));
    expect((await sharp(body).metadata()).format).toBe("webp");

    // Without (or with an old) version the browser must revalidate, and an unchanged picture is a 304.
    const stale = await imageRequest(ACTIVE_SKU, "?v=old");
    expect(stale.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    const unchanged = await imageRequest(ACTIVE_SKU, "", { "if-none-match": `"${etag}"` });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
  });

  it("issue 14: the route answers 404 for an unknown SKU, an inactive product and a product without a picture", async () => {
    const bare = await createTestProduct(db, { price: "5.00", stock: { EAST: 1 } });
    for (const sku of ["NO-SUCH-SKU", INACTIVE_SKU, bare.sku, "../../etc/passwd"]) {
      const response = await imageRequest(sku);
      expect({ sku, status: response.status, type: response.headers.get("content-type") }).toEqual({ sku, status: 404, type: "application/json" });
    }
  });

  it("issue 14: the product list and page link each picture by its versioned URL, and null for a product without one", async () => {
    const etag = await storedEtag(ACTIVE_SKU);
    const product = await caller.catalog.product({ sku: ACTIVE_SKU });
    expect(product.imageUrl).toBe(`/api/products/${ACTIVE_SKU}/image?v=${etag}`);
    // Demo products only: other test files add products of their own (category "test"), without pictures.
    const active = seedProducts.find((p) => p.sku === ACTIVE_SKU)!;
    const page = await caller.catalog.list({ page: 1, pageSize: 12, category: active.category });
    const demo = page.items.filter((p) => seedProducts.some((s) => s.sku === p.sku));
    expect(demo.length).toBeGreaterThan(0);
    expect(demo.every((p) => p.imageUrl?.startsWith(`/api/products/${encodeURIComponent(p.sku)}/image?v=`))).toBe(true);

    const bare = await createTestProduct(db, { price: "5.00", stock: { EAST: 1 } });
    expect((await caller.catalog.product({ sku: bare.sku })).imageUrl).toBeNull();
  });
});
