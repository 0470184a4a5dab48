import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { serve } from "inngest/next";
import { afterAll, describe, expect, it } from "vitest";
import { GET, POST, PUT } from "@/app/api/inngest/route";
import { orders } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { parseEnv, env } from "@/server/env";
import { placedOrder } from "@/server/fulfillment/testing";
import { createInngestClient } from "./client";
import { canonicalJson, newSigningKey, SIGNATURE_HEADER, signatureHeader } from "./local-executor/signing";

const handle = testDb(2);
afterAll(() => handle.close());

type Handler = (request: Request) => Promise<Response>;
const route = { GET: GET as unknown as Handler, POST: POST as unknown as Handler, PUT: PUT as unknown as Handler };

/** A run request as Inngest sends it (see local-executor/run-state.ts), for one of the app's functions. */
function runBody(event: { name: string; data: unknown }) {
  return canonicalJson({
    event: { ...event, id: randomUUID(), ts: Date.now() },
    events: [{ ...event, id: randomUUID(), ts: Date.now() }],
    steps: {},
    ctx: { run_id: `forged-${randomUUID()}`, attempt: 0, max_attempts: 6, disable_immediate_execution: false, use_api: false, stack: { stack: [], current: 0 } },
  });
}

function request(method: "GET" | "POST" | "PUT", query: string, body: string | undefined, signature?: string, headers: Record<string, string> = {}) {
  return new Request(`http://127.0.0.1:3000/api/inngest${query}`, {
    method,
    headers: { "content-type": "application/json", ...(signature ? { [SIGNATURE_HEADER]: signature } : {}), ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("the serve endpoint /api/inngest (issue 11: unsigned calls never run a function)", () => {
  it("runs in Inngest's signed mode in the embedded default, with the local signing key", () => {
    expect(env().inngest).toMatchObject({ kind: "embedded", signingKey: expect.stringMatching(/^signkey-test-/) });
  });

  it("refuses a forged, unsigned payment-authorized event for a real pending order, and a wrongly signed or stale one: 401, the order stays unpaid (OR-P0-04)", async () => {
    const product = await createTestProduct(handle.db, { stock: { EAST: 5 } });
    const order = await placedOrder(handle.db, [{ sku: product.sku, quantity: 1 }]);
    const forged = runBody({
      name: "payment/status-changed",
      data: {
        meta: { outboxId: randomUUID(), aggregateType: "payment", aggregateId: randomUUID(), sequence: 9, schemaVersion: 1, occurredAt: new Date().toISOString() },
        payload: { paymentId: randomUUID(), orderId: order.id, intentId: "pi_forged", from: "pending", to: "authorized", reason: "forged" },
      },
    });
    const query = "?fnId=depot-order-confirm-on-payment&stepId=step";
    const key = env().inngest.signingKey!;
    const attempts = [
      undefined,
      signatureHeader(forged, newSigningKey("test"), new Date()),
      signatureHeader(forged, key, minutesAgo(10)),
      signatureHeader(`${forged} `, key, new Date()),
      "t=1&s=00",
    ];
    for (const signature of attempts) {
      const response = await route.POST(request("POST", query, forged, signature));
      expect({ signature, status: response.status }).toEqual({ signature, status: 401 });
    }
    const [after] = await handle.db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
    expect(after?.status).toBe("pending_payment");

    // The very same request signed with the key is served: the refusals above were the signature's.
    const signed = await route.POST(request("POST", query, forged, signatureHeader(forged, key, new Date())));
    expect(signed.status).toBe(206);
  });

  it("answers 401 to unsigned introspection (GET) and registration (PUT, out-of-band or in-band)", async () => {
    const introspection = await route.GET(request("GET", "", undefined));
    expect(introspection.status).toBe(401);
    expect(await introspection.text()).not.toContain("function_count");
    expect((await route.PUT(request("PUT", "", undefined))).status).toBe(401);
    const inBand = canonicalJson({ url: "https://attacker.example/api/inngest" });
    expect((await route.PUT(request("PUT", "", inBand, undefined, { "x-inngest-sync-kind": "in_band" }))).status).toBe(401);
    expect((await route.PUT(request("PUT", "", inBand, signatureHeader(inBand, newSigningKey("test"), new Date()), { "x-inngest-sync-kind": "in_band" }))).status).toBe(401);

    const key = env().inngest.signingKey!;
    const signedGet = await route.GET(request("GET", "", undefined, signatureHeader("", key, new Date())));
    expect(signedGet.status).toBe(200);
    expect(await signedGet.json()).toMatchObject({ mode: "cloud", authentication_succeeded: true, function_count: expect.any(Number) });
  });
});

describe("the Inngest client in each mode", () => {
  function servedWith(source: Record<string, string>) {
    const client = createInngestClient(parseEnv(source).inngest);
    const fn = client.createFunction({ id: "probe", triggers: [{ event: "test/probe" }] }, async () => "ran");
    return serve({ client, functions: [fn], enableUnauthedSync: false }) as unknown as Record<"GET" | "POST" | "PUT", Handler>;
  }
  const probe = runBody({ name: "test/probe", data: {} });
  const probeQuery = "?fnId=depot-probe&stepId=step";

  for (const [mode, source] of [
    ["Inngest Cloud keys", { INNGEST_SIGNING_KEY: `signkey-prod-${"ab".repeat(32)}`, INNGEST_EVENT_KEY: "k" }],
    ["a self-hosted `inngest start`", { INNGEST_BASE_URL: "http://inngest.internal:8288", INNGEST_SIGNING_KEY: `signkey-prod-${"cd".repeat(32)}` }],
    ["embedded, with the local key", { INNGEST_LOCAL_SIGNING_KEY: newSigningKey("local") }],
    ["embedded, started without a key (not through npm run dev / npm start)", {}],
  ] as const) {
    it(`refuses unsigned runs, introspection and registration with ${mode}`, async () => {
      const handlers = servedWith(source);
      const run = await handlers.POST(request("POST", probeQuery, probe));
      expect(run.status).toBe(401);
      expect(await run.text()).not.toContain("ran");
      expect((await handlers.GET(request("GET", "", undefined))).status).toBe(401);
      expect((await handlers.PUT(request("PUT", "", undefined))).status).toBe(401);
    });
  }

  it("runs a call signed with the configured key", async () => {
    const key = newSigningKey("local");
    const handlers = servedWith({ INNGEST_LOCAL_SIGNING_KEY: key });
    const response = await handlers.POST(request("POST", probeQuery, probe, signatureHeader(probe, key, new Date())));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("ran");
  });

  it("derives the embedded event key from the signing key, so only its holder can send events", () => {
    const a = parseEnv({ INNGEST_LOCAL_SIGNING_KEY: newSigningKey() }).inngest.eventKey;
    const b = parseEnv({ INNGEST_LOCAL_SIGNING_KEY: newSigningKey() }).inngest.eventKey;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});
