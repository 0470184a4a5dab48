import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import journal from "@/db/migrations/meta/_journal.json";
import { outbox } from "@/db/schema";
import { resetOutbox, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { CLIENT_ADDRESS_HEADER } from "@/server/lib/client-address";
import { emit } from "@/server/outbox/emit";
import { setFlushNotifier } from "@/server/outbox/flush";
import { readiness } from "./readiness";

const handle = testDb(2);
const db = handle.db;
setFlushNotifier(undefined);
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});
beforeEach(() => resetOutbox(db));

async function pendingEvent() {
  const id = randomUUID();
  return transaction((tx) => emit(tx, { name: "customer/registered", aggregateId: id, payload: { userId: id, email: "r@example.com", name: "R" } }), db);
}

describe("readiness", () => {
  it("is ready with the database up, migrations applied and a fresh outbox", async () => {
    await pendingEvent();
    expect(await readiness(db)).toMatchObject({
      ready: true,
      checks: { database: { ok: true }, migrations: { ok: true, pending: [] }, outbox: { ok: true, pending: 1 } },
    });
  });

  it("is not ready when the oldest unsent event is older than five minutes", async () => {
    const { id } = await pendingEvent();
    await db.update(outbox).set({ createdAt: sql`now() - interval '6 minutes'` }).where(eq(outbox.id, id));
    const result = await readiness(db);
    expect(result.ready).toBe(false);
    expect(result.checks.outbox.ok).toBe(false);
    expect(result.checks.outbox.oldestPendingAgeSeconds).toBeGreaterThan(300);
  });

  it("names a migration the database has not applied", async () => {
    const [last] = await db.execute<{ id: number; hash: string; created_at: string }>(
      sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    await db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`);
    try {
      const result = await readiness(db);
      expect(result.ready).toBe(false);
      expect(result.checks.migrations).toEqual({ ok: false, pending: [journal.entries.at(-1)!.tag] });
    } finally {
      await db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at})`,
      );
    }
  });

  it("reports a database it cannot reach", async () => {
    const { createDb } = await import("@/db/client");
    const broken = createDb("postgres://nobody:wrong@127.0.0.1:1/none", { max: 1 });
    try {
      expect(await readiness(broken.db)).toMatchObject({ ready: false, checks: { database: { ok: false } } });
    } finally {
      await broken.close();
    }
  });
});

describe("metrics endpoint", () => {
  it("serves Prometheus text with the outbox figures read from the database", async () => {
    await pendingEvent();
    await pendingEvent();
    // A scraper on this machine (scripts/next-server.ts writes the socket address into the header).
    const response = await metricsRoute(new Request("http://127.0.0.1/api/metrics", { headers: { [CLIENT_ADDRESS_HEADER]: "127.0.0.1" } }));
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/^depot_outbox_pending\{service="depot"\} 2$/m);
    expect(text).toMatch(/^depot_outbox_failed\{service="depot"\} 0$/m);
    expect(text).toContain("# TYPE depot_http_requests_total counter");
  });
});
