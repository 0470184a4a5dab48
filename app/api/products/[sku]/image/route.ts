import { db } from "@/db/client";
import { productImageBySku } from "@/server/catalog";
import { withRequestMetrics } from "@/server/lib/metrics";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ sku: string }> };

const SKU = /^[A-Za-z0-9-]{1,64}$/;
const FOR_GOOD = "public, max-age=31536000, immutable";
const REVALIDATE = "public, max-age=0, must-revalidate";

/**
 * A product's picture (issue 14), public like the product page. The URL the pages use carries
 * the image's version (`?v=`), which may be cached for good; any other request revalidates
 * with the ETag. Next's image optimisation (`/_next/image`) fetches it here and resizes it.
 */
export const GET = withRequestMetrics("/api/products/image", async (request: Request, context: RouteContext) => {
  const { sku } = await context.params;
  const image = SKU.test(sku) ? await productImageBySku(db(), sku) : null;
  if (!image) return Response.json({ error: `We have no picture of a product with SKU ${sku.slice(0, 64)}.` }, { status: 404 });
  const etag = `"${image.etag}"`;
  const versioned = new URL(request.url).searchParams.get("v") === image.etag;
  const headers = { etag, "cache-control": versioned ? FOR_GOOD : REVALIDATE };
  if (request.headers.get("if-none-match")?.split(/\s*,\s*/).includes(etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.bytes), {
    headers: { ...headers, "content-type": image.contentType, "content-length": String(image.bytes.length) },
  });
});
