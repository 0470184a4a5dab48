import { readdirSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { cartItems } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";

// Route handlers read the session through next/headers, which only exists inside Next.js: these
// calls come from a guest. The Origin check runs before anything reads it.
vi.mock("@/server/auth/session", () => ({ currentUser: async () => null }));

const root = path.resolve(import.meta.dirname, "../..");
const handle = testDb(2);
afterAll(() => handle.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** Endpoints that authenticate every call by a signature, not a cookie: their callers are servers and send no Origin. */
const signedEndpoints = ["/api/inngest", "/api/webhooks/"];
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Every route handler file under app/api, with its URL path and a value for each dynamic segment. */
function apiRoutes() {
  const dir = path.join(root, "app/api");
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => path.basename(file) === "route.ts")
    .map((file) => {
      const segments = path.dirname(file).split(path.sep);
      const params: Record<string, string | string[]> = {};
      const urlPath = segments
        .map((segment) => {
          const name = /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment)?.[1];
          if (!name) return segment;
          const value = name === "trpc" ? "cart.add" : name === "nextauth" ? ["callback", "credentials"] : "x";
          params[name] = value;
          return Array.isArray(value) ? value.join("/") : value;
        })
        .join("/");
      return { file: path.join(dir, file), path: `/api/${urlPath}`, params };
    });
}

function post(url: string, headers: Record<string, string>, body: unknown = { json: { sku: "NOPE", quantity: 1 } }) {
  return new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

async function trpcRoute() {
  return (await import("@/app/api/trpc/[trpc]/route")).POST as unknown as Handler;
}
const trpcContext = { params: Promise.resolve({ trpc: "cart.add" }) };

async function itemsOf(productId: string) {
  return handle.db.select().from(cartItems).where(eq(cartItems.productId, productId));
}

describe("state-changing requests from another origin (GW-P0-03, issue 11 item 10)", () => {
  it("are refused with 403 by every cookie-authenticated route handler that changes something", async () => {
    const checked: string[] = [];
    for (const route of apiRoutes()) {
      if (signedEndpoints.some((prefix) => route.path.startsWith(prefix))) continue;
      const mod = (await import(route.file)) as Partial<Record<(typeof MUTATING)[number], Handler>>;
      for (const method of MUTATING) {
        const handler = mod[method];
        if (!handler) continue;
        const attempts: Record<string, string>[] = [{ origin: "https://evil.example" }, {}];
        for (const headers of attempts) {
          const request = new Request(`http://localhost:3000${route.path}`, { method, headers, body: "{}" });
          const response = await handler(request, { params: Promise.resolve(route.params) });
          expect(response.status, `${method} ${route.path} ${JSON.stringify(headers)}`).toBe(403);
        }
        checked.push(`${method} ${route.path}`);
      }
    }
    // A new state-changing route is covered by this test without a change; these two must be there.
    expect(checked).toEqual(expect.arrayContaining(["POST /api/trpc/cart.add", "POST /api/auth/callback/credentials"]));
  });

  it("refuses a cart.add from https://evil.example before it runs (nothing written), and runs it from the app's origin", async () => {
    const product = await createTestProduct(handle.db, { stock: { EAST: 5 } });
    const route = await trpcRoute();
    const body = { json: { sku: product.sku, quantity: 1 } };

    const foreign = await route(post("http://localhost:3000/api/trpc/cart.add", { origin: "https://evil.example" }, body), trpcContext);
    expect(foreign.status).toBe(403);
    // The envelope tRPC answers with, so the page shows the message as it would a procedure's.
    expect(await foreign.json()).toEqual({
      error: {
        json: {
          message: "This request comes from https://evil.example, not from Depot (http://localhost:3000), so it was refused.",
          code: -32003,
          data: { code: "FORBIDDEN", httpStatus: 403 },
        },
      },
    });
    expect(foreign.headers.get("set-cookie")).toBeNull();

    const noOrigin = await route(post("http://localhost:3000/api/trpc/cart.add", { cookie: "depot_cart=stolen" }, body), trpcContext);
    expect(noOrigin.status).toBe(403);
    expect(await itemsOf(product.id)).toEqual([]);

    const own = await route(post("http://localhost:3000/api/trpc/cart.add", { origin: "http://localhost:3000" }, body), trpcContext);
    expect(own.status).toBe(200);
    expect(own.headers.get("set-cookie")).toMatch(/^depot_cart=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(await itemsOf(product.id)).toHaveLength(1);

    const byReferer = await route(post("http://localhost:3000/api/trpc/cart.add", { referer: "http://localhost:3000/products" }, body), trpcContext);
    expect(byReferer.status).toBe(200);

    // Queries change nothing: they go through whatever their origin.
    const get = (await import("@/app/api/trpc/[trpc]/route")).GET as unknown as Handler;
    const input = encodeURIComponent(JSON.stringify({ json: {} }));
    const query = await get(new Request(`http://localhost:3000/api/trpc/cart.get?input=${input}`, { headers: { origin: "https://evil.example" } }), {
      params: Promise.resolve({ trpc: "cart.get" }),
    });
    expect(query.status).toBe(200);
  });

  // A guard: the guest cart cookie was already Secure over https before issue 11.
  it("over https, sets the guest cart cookie Secure", async () => {
    vi.stubEnv("APP_URL", "https://shop.example.com");
    vi.resetModules();
    const product = await createTestProduct(handle.db, { stock: { EAST: 5 } });
    const route = await trpcRoute();
    const response = await route(
      post("https://shop.example.com/api/trpc/cart.add", { origin: "https://shop.example.com" }, { json: { sku: product.sku, quantity: 1 } }),
      trpcContext,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
  });
});
