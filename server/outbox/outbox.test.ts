import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db, type DbHandle } from "@/db/client";
import { outbox, users } from "@/db/schema";
import { resetOutbox, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { databaseUrl } from "@/server/env";
import { deleteSentOutboxRows } from "./cleanup";
import { consumeOnce } from "./consume";
import { emit, emitMany } from "./emit";
import { setFlushNotifier } from "./flush";
import { relayBatch, relayUntilEmpty, type RelayEvent } from "./relay";
import { tsxNodeArgs } from "@/scripts/lib/tsx-args";

const handle: DbHandle = testDb(20);
const db: Db = handle.db;
setFlushNotifier(undefined);

afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

beforeEach(async () => {
  await resetOutbox(db);
});

function registeredPayload(userId = randomUUID()) {
  return { userId, email: `${userId.slice(0, 8)}@example.com`, name: "Test Customer" };
}

async function emitOne(database: Db = db, aggregateId = randomUUID()) {
  return transaction(
    (tx) => emit(tx, { name: "customer/registered", aggregateId, payload: registeredPayload(aggregateId) }),
    database,
  );
}

function collectingSender() {
  const delivered: RelayEvent[] = [];
  return { delivered, send: async (events: RelayEvent[]) => void delivered.push(...events) };
}

describe("outbox emit and relay", () => {
  it("never delivers an event whose transaction rolled back (OR-P0-01, ORD-P0-03)", async () => {
    await expect(
      transaction(async (tx) => {
        await emitOne(db).catch(() => undefined); // unrelated committed event, for contrast
        await emit(tx, { name: "customer/registered", aggregateId: "rolled-back", payload: registeredPayload() });
        throw new Error("business rule failed after emit");
      }, db),
    ).rejects.toThrow("business rule failed");
    const sink = collectingSender();
    await relayUntilEmpty(db, { send: sink.send, batchSize: 10, maxAttempts: 3 });
    expect(sink.delivered.map((e) => e.data.meta.aggregateId)).not.toContain("rolled-back");
    expect(sink.delivered).toHaveLength(1);
  });

  it("delivers a committed event once, with the outbox id as the event id and its sequence (004 P0-2)", async () => {
    const aggregateId = randomUUID();
    const first = await emitOne(db, aggregateId);
    const second = await emitOne(db, aggregateId);
    expect([first.sequence, second.sequence]).toEqual([1, 2]);

    const sink = collectingSender();
    const result = await relayUntilEmpty(db, { send: sink.send, batchSize: 10, maxAttempts: 3 });
    expect(result.sent).toBe(2);
    expect(sink.delivered.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(sink.delivered[0]).toMatchObject({
      name: "customer/registered",
      v: "1",
      data: { meta: { outboxId: first.id, aggregateType: "customer", aggregateId, sequence: 1, schemaVersion: 1 } },
    });
    const again = collectingSender();
    await relayUntilEmpty(db, { send: again.send, batchSize: 10, maxAttempts: 3 });
    expect(again.delivered).toHaveLength(0);
    const rows = await db.select().from(outbox);
    expect(rows.every((r) => r.status === "sent" && r.sentAt !== null)).toBe(true);
  });

  it("rejects a payload that does not match the catalog, inside the transaction", async () => {
    await expect(
      transaction((tx) =>
        emit(tx, {
          name: "customer/registered",
          aggregateId: "x",
          payload: { userId: "not-a-uuid", email: "nope", name: "" },
        }),
      db),
    ).rejects.toThrow(/invalid payload/);
    expect(await db.select().from(outbox)).toHaveLength(0);
  });

  it("hands out gap-free per-aggregate sequences under concurrent emitters", async () => {
    const aggregateId = randomUUID();
    const pools = Array.from({ length: 4 }, () => createDb(databaseUrl(), { max: 5 }));
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => emitOne(pools[i % pools.length]!.db, aggregateId)));
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    const rows = await db.select({ sequence: outbox.sequence }).from(outbox).where(eq(outbox.aggregateId, aggregateId));
    expect(rows.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("emitMany continues each aggregate's sequence in list order, alongside single emits and concurrent batches", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await emitOne(db, a);
    const batch = (ids: ReturnType<typeof randomUUID>[]) => transaction((tx) => emitMany(tx, ids.map((id) => ({ name: "customer/registered", aggregateId: id, payload: registeredPayload(id) }))), db);
    expect((await batch([a, b, a])).map((r) => r.sequence)).toEqual([2, 1, 3]);
    await emitOne(db, b);
    await Promise.all([batch([a, b]), batch([b, a]), emitOne(db, a)]);
    const rows = await db.select().from(outbox).where(sql`${outbox.aggregateId} in (${a}, ${b})`).orderBy(outbox.position);
    const sequences = (id: string) => rows.filter((r) => r.aggregateId === id).map((r) => r.sequence).sort((x, y) => x - y);
    expect(sequences(a)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sequences(b)).toEqual([1, 2, 3, 4]);
    expect(rows.every((r) => r.name === "customer/registered" && r.schemaVersion === 1 && r.aggregateType === "customer")).toBe(true);

    await expect(
      transaction(
        (tx) =>
          emitMany(tx, [
            { name: "customer/registered", aggregateId: a, payload: registeredPayload(a) },
            { name: "customer/registered", aggregateId: "x", payload: { userId: "x", email: "no", name: "" } },
          ]),
        db,
      ),
    ).rejects.toThrow(/invalid payload/);
    expect(await db.select().from(outbox).where(eq(outbox.aggregateId, a))).toHaveLength(6);
  });

  it("two relays at once deliver each event exactly once (FOR UPDATE SKIP LOCKED; 004 P1-4)", async () => {
    await transaction(async (tx) => {
      for (let i = 0; i < 600; i++) {
        await emit(tx, { name: "customer/registered", aggregateId: randomUUID(), payload: registeredPayload() });
      }
    }, db);
    const relays = Array.from({ length: 3 }, () => ({ pool: createDb(databaseUrl(), { max: 2 }), sink: collectingSender() }));
    try {
      await Promise.all(
        relays.map(({ pool, sink }) =>
          relayUntilEmpty(pool.db, {
            batchSize: 25,
            maxAttempts: 3,
            send: async (events) => {
              await new Promise((r) => setTimeout(r, 2)); // hold the claim like a network call would
              await sink.send(events);
            },
          }),
        ),
      );
    } finally {
      await Promise.all(relays.map((r) => r.pool.close()));
    }
    const ids = relays.flatMap((r) => r.sink.delivered.map((e) => e.id));
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
    expect(relays.filter((r) => r.sink.delivered.length > 0).length).toBeGreaterThan(1);
  });

  it("loses nothing when the relay process is killed after claiming and before marking (004 P1-4)", async () => {
    const emitted = await Promise.all(Array.from({ length: 5 }, () => emitOne()));
    const child = spawn(process.execPath, [...tsxNodeArgs, path.join(import.meta.dirname, "relay-crash.fixture.ts"), "50"], {
      env: { ...process.env, DATABASE_URL: databaseUrl() },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const claimed = await new Promise<string[]>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`fixture exited early with ${code}`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line.startsWith("CLAIMED ")) resolve(line.slice(8).split(","));
      });
    });
    expect(claimed.sort()).toEqual(emitted.map((e) => e.id).sort());

    // While the crashed relay holds its claim, another relay skips those rows instead of waiting.
    const meanwhile = collectingSender();
    await relayBatch(db, { send: meanwhile.send, batchSize: 50, maxAttempts: 3 });
    expect(meanwhile.delivered).toHaveLength(0);

    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const afterRestart = collectingSender();
    await expect
      .poll(async () => {
        await relayUntilEmpty(db, { send: afterRestart.send, batchSize: 50, maxAttempts: 3 });
        return afterRestart.delivered.length;
      }, { timeout: 15_000 })
      .toBe(5);
    expect(afterRestart.delivered.map((e) => e.id).sort()).toEqual(claimed);
  });

  it("retries a failed send with backoff and marks the event failed after the limit (004 P1-4)", async () => {
    const { id } = await emitOne();
    const failing = async () => {
      throw new Error("inngest unreachable");
    };
    const first = await relayBatch(db, { send: failing, batchSize: 10, maxAttempts: 2 });
    expect(first).toMatchObject({ claimed: 1, retried: 1, failed: 0 });
    const [afterFirst] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(afterFirst).toMatchObject({ status: "pending", attempts: 1, lastError: "inngest unreachable" });
    expect(afterFirst!.availableAt.getTime()).toBeGreaterThan(Date.now());

    // Not due yet: the backoff holds it back.
    expect((await relayBatch(db, { send: failing, batchSize: 10, maxAttempts: 2 })).claimed).toBe(0);

    await db.update(outbox).set({ availableAt: sql`now()` }).where(eq(outbox.id, id));
    const second = await relayBatch(db, { send: failing, batchSize: 10, maxAttempts: 2 });
    expect(second).toMatchObject({ claimed: 1, failed: 1 });
    const [afterSecond] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(afterSecond).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("cleans up sent rows older than the retention period only", async () => {
    const old = await emitOne();
    const recent = await emitOne();
    const pending = await emitOne();
    await db.update(outbox).set({ status: "sent", sentAt: sql`now() - interval '31 days'` }).where(eq(outbox.id, old.id));
    await db.update(outbox).set({ status: "sent", sentAt: sql`now() - interval '29 days'` }).where(eq(outbox.id, recent.id));
    expect(await deleteSentOutboxRows(db, 30)).toBe(1);
    const left = (await db.select({ id: outbox.id }).from(outbox)).map((r) => r.id).sort();
    expect(left).toEqual([recent.id, pending.id].sort());
  });
});

describe("consumer idempotency", () => {
  async function aCustomer() {
    const [user] = await db
      .insert(users)
      .values({ email: `c-${randomUUID()}@example.com`, name: "Cora", passwordHash: "x", role: "customer" })
      .returning();
    return user!;
  }

  function metaFor(aggregateId: string, sequence: number, outboxId = randomUUID()) {
    return { outboxId, aggregateType: "customer", aggregateId, sequence, schemaVersion: 1, occurredAt: new Date().toISOString() };
  }

  it("applies the same event once, even when delivered concurrently (INT-P1-01)", async () => {
    const user = await aCustomer();
    const meta = metaFor(user.id, 1);
    let effects = 0;
    const pools = Array.from({ length: 4 }, () => createDb(databaseUrl(), { max: 3 }));
    let outcomes: string[];
    try {
      outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => consumeOnce(pools[i % 4]!.db, "test-concurrent-consumer", meta, async () => ++effects).then((o) => o.status)));
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(11);
    expect(effects).toBe(1);
  });

  it("ignores an event with a sequence older than one already applied (INT-P1-01)", async () => {
    const aggregateId = randomUUID();
    const applied: number[] = [];
    const apply = (n: number) => async () => void applied.push(n);
    expect((await consumeOnce(db, "test-consumer", metaFor(aggregateId, 2), apply(2))).status).toBe("applied");
    expect((await consumeOnce(db, "test-consumer", metaFor(aggregateId, 1), apply(1))).status).toBe("stale");
    expect((await consumeOnce(db, "test-consumer", metaFor(aggregateId, 3), apply(3))).status).toBe("applied");
    // Another consumer keeps its own position.
    expect((await consumeOnce(db, "other-consumer", metaFor(aggregateId, 1), apply(10))).status).toBe("applied");
    expect(applied).toEqual([2, 3, 10]);
  });

  it("rolls the processed marker back when the effect fails, so a retry can apply it", async () => {
    const aggregateId = randomUUID();
    const meta = metaFor(aggregateId, 1);
    await expect(
      consumeOnce(db, "flaky", meta, async () => {
        throw new Error("downstream failed");
      }),
    ).rejects.toThrow("downstream failed");
    expect((await consumeOnce(db, "flaky", meta, async () => "ok")).status).toBe("applied");
  });
});
