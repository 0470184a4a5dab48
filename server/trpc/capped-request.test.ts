import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { users } from "@/db/schema";
import { testDb } from "@/db/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { env } from "@/server/env";
import { probedRequest } from "@/server/lib/testing-body";
import type { AppRouter } from "./routers";

// The route reads the session from Next's request scope, which a test has no part of.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth/session", () => ({ currentUser: async () => session.user }));

const handle = testDb(2);
const MiB = 1024 * 1024;

/** What the browser's client does (components/trpc/client.tsx), against the route handler in process. */
const sent: number[] = [];
const client = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: "http://127.0.0.1/api/trpc",
      transformer: superjson,
      headers: { origin: new URL(env().appUrl).origin },
      fetch: async (url, init) => {
        const request = new Request(url, init as RequestInit);
        if (typeof init?.body === "string") sent.push(Buffer.byteLength(init.body));
        return request.method === "GET" ? GET(request) : POST(request);
      },
    }),
  ],
});

/** A 2,000,000-character CSV (the import's limit) that is nearly all quotes: its JSON encoding is about twice its length. */
function largestImportCsv(): string {
  const head = 'warehouse_code,sku,on_hand\nEAST,"';
  const tail = '",1\n';
  const quotes = '""'.repeat(Math.floor((2_000_000 - head.length - tail.length) / 2));
  return `${head}${quotes}${"x".repeat(2_000_000 - head.length - quotes.length - tail.length)}${tail}`;
}

beforeAll(async () => {
  const [ops] = await handle.db.select().from(users).where(eq(users.email, "ops@depot.test"));
  session.user = { id: ops!.id, email: ops!.email, name: ops!.name, role: ops!.role, warehouseId: ops!.warehouseId };
});
afterAll(() => handle.close());

describe("tRPC route body cap (GW-P1-03)", () => {
  it("refuses an oversize POST with 413 while it streams, as an error the client shows, and still serves normal calls", async () => {
    const limit = env().maxBodyBytes.api;
    for (const declareLength of [true, false]) {
      const { request, probe } = probedRequest("http://127.0.0.1/api/trpc/inventory.importStock?batch=1", {
        totalBytes: 5 * MiB,
        declareLength,
        headers: { "content-type": "application/json", origin: new URL(env().appUrl).origin },
      });
      const response = await POST(request);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { json: { message: "The request is too large", data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } } });
      expect(probe.drained).toBe(false);
      expect(probe.pulled).toBeLessThanOrEqual(declareLength ? 0 : limit + 64 * 1024);
    }

    const tooLarge = await client.inventory.importStock.mutate({ csv: "x".repeat(5 * MiB), dryRun: true }).catch((error: unknown) => error);
    expect(tooLarge).toBeInstanceOf(TRPCClientError);
    expect(tooLarge).toMatchObject({ message: "The request is too large", data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } });

    // Queries travel as GET, untouched; the largest CSV an import takes still gets through.
    expect((await client.catalog.list.query({})).items.length).toBeGreaterThan(0);
    sent.length = 0;
    const report = await client.inventory.importStock.mutate({ csv: largestImportCsv(), dryRun: true });
    expect(report).toMatchObject({ dryRun: true, applied: false });
    expect(sent[0]).toBeGreaterThan(3_900_000);
    expect(sent[0]).toBeLessThan(limit);
  });
});
