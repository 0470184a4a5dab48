import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Order } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { placedOrder } from "@/server/fulfillment/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";
import { recordAudit } from "./record";
import { searchAudit } from "./search";

const handle = testDb(4);
const db = handle.db;
let ops: SessionUser;
let admin: SessionUser;
let order: Order;
/** A word only this run's rows carry, so the shared database's other rows stay out. */
const tag = `t${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  admin = (await authenticate(db, "admin@depot.test", "depot-demo"))!;
  const product = await createTestProduct(db, { stock: { EAST: 5 } });
  order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

describe("audit log search", () => {
  it("finds operator actions by words, actor, action, order and time, newest first, in keyset pages", async () => {
    const ids: Record<string, string> = {};
    const write = (key: string, actor: SessionUser, action: string, reason: string, orderId: string | null = null) =>
      transaction(async (tx) => {
        ids[key] = (await recordAudit(tx, actor, { action, targetType: "failed_compensation", targetId: randomUUID(), targetLabel: "refund of D100001", orderId, reason: `${reason} ${tag}` })).id.toString();
      }, db);
    await write("discard", ops, `${tag}.discard`, "refunded by hand in Stripe", order.id);
    await write("replay", admin, `${tag}.replay`, "provider back up");
    // Two actions in one transaction share created_at: the id orders them.
    await transaction(async (tx) => {
      ids.releaseA = (await recordAudit(tx, ops, { action: `${tag}x.release`, targetType: "reservation", targetId: "r-1", targetLabel: "SKU-1 for D100001", reason: `stuck past TTL ${tag}` })).id.toString();
      ids.releaseB = (await recordAudit(tx, ops, { action: `${tag}x.release`, targetType: "reservation", targetId: "r-2", targetLabel: "SKU-2 for D100001", reason: `stuck past TTL ${tag}` })).id.toString();
    }, db);
    const found = async (search: Omit<Parameters<typeof searchAudit>[1], "limit">) => (await searchAudit(db, { ...search, limit: 50 })).items.map((r) => r.id);

    expect(await found({ q: tag })).toEqual([ids.releaseB, ids.releaseA, ids.replay, ids.discard]);
    // Words from the reason, the action's parts, web-search syntax.
    expect(await found({ q: `${tag} stripe` })).toEqual([ids.discard]);
    expect(await found({ q: `${tag} replay` })).toEqual([ids.replay]);
    expect(await found({ q: `${tag} -stuck` })).toEqual([ids.replay, ids.discard]);
    expect(await found({ q: `"past ttl" ${tag}` })).toEqual([ids.releaseB, ids.releaseA]);
    expect(await found({ q: `${tag} admin@depot.test` })).toEqual([ids.replay]);
    // Filters.
    expect(await found({ q: tag, actorEmail: "ADMIN@depot.test" })).toEqual([ids.replay]);
    expect(await found({ action: tag })).toEqual([ids.replay, ids.discard]);
    expect(await found({ action: `${tag}.discard` })).toEqual([ids.discard]);
    expect(await found({ q: tag, orderNumber: order.number.toLowerCase() })).toEqual([ids.discard]);
    expect(await found({ q: tag, from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await found({ q: tag, to: new Date(Date.now() - 3_600_000) })).toEqual([]);
    expect(await found({ q: tag, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) })).toHaveLength(4);

    // Pages of one: the same rows, none skipped or repeated across the shared timestamp.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchAudit(db, { q: tag, cursor, limit: 1 });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([ids.releaseB, ids.releaseA, ids.replay, ids.discard]);

    const [row] = (await testBrowser(ops).caller.audit.search({ q: `${tag} stripe` })).items;
    expect(row).toMatchObject({ actorEmail: "ops@depot.test", actorRole: "ops", action: `${tag}.discard`, orderNumber: order.number, reason: `refunded by hand in Stripe ${tag}` });
  });

  it("uses the GIN index on the search column for words", async () => {
    await db.execute(sql`analyze audit_log`);
    const plan = await transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute<{ "QUERY PLAN": string }>(sql`explain select id from audit_log where search @@ websearch_to_tsquery('simple', ${tag}) order by created_at desc, id desc limit 51`);
    }, db);
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/audit_log_search_idx|audit_log_created_idx/);
  });

  it("refuses a start after the end with a readable message", async () => {
    await expect(testBrowser(ops).caller.audit.search({ from: new Date("2030-01-02"), to: new Date("2030-01-01") })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("The start must be before the end"),
    });
  });
});
