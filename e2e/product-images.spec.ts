import { expect, test, type Page } from "@playwright/test";

// Issue 14: the demo products' pictures reach the browser through Next's image optimisation
// (resized, from /_next/image), on the product list and the product page.

/** Every product picture on the page has loaded, from the optimiser, at no more than the width asked for. */
async function expectPicturesLoaded(page: Page, atLeast: number) {
  const pictures = page.locator('img[src*="/_next/image"]');
  await expect(pictures.first()).toBeVisible();
  expect(await pictures.count()).toBeGreaterThanOrEqual(atLeast);
  for (const picture of await pictures.all()) {
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await picture.getAttribute("src")).toMatch(/url=%2Fapi%2Fproducts%2F[A-Z0-9-]+%2Fimage%3Fv%3D/);
  }
}

test("issue 14: the product list and a product page show each product's picture, resized by Next", async ({ page, request }) => {
  await page.goto("/products");
  await expectPicturesLoaded(page, 12);

  await page.goto("/products/KIT-SKILLET-CI-10");
  await expectPicturesLoaded(page, 1);
  const src = await page.locator('img[src*="/_next/image"]').first().getAttribute("src");
  const optimised = await request.get(src!);
  expect(optimised.status()).toBe(200);
  expect(optimised.headers()["content-type"]).toMatch(/^image\//);

  expect((await request.get("/api/products/NO-SUCH-SKU/image")).status()).toBe(404);
});
