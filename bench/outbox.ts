/**
 * `npm run bench:outbox` — outbox relay figures on a fresh embedded PostgreSQL, each printed
 * beside a reference measured on the same database in the same run:
 *
 * 1. reference: the raw claim rate, i.e. one-statement `FOR UPDATE SKIP LOCKED` claim-and-mark
 *    batches with nothing sent;
 * 2. relay throughput for 100k events through the real relay and the Inngest SDK's `send`
 *    (to an in-process stub of the event API, so the network peer is not what is measured),
 *    with 1 and 2 relays;
 * 3. commit-to-handler latency: each event committed in its own transaction, nudged by the
 *    flush event, relayed by the outbox-relay function and handled by a consumer function, all
 *    through the local executor and the real serve handler.
 *
 * Options: BENCH_EVENTS (default 100000), BENCH_LATENCY_EVENTS (default 2000).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { rmSync } from "node:fs";
import { newSigningKey } from "../inngest/local-executor/signing";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-db";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 2_000);
const BATCH = 100;
const root = path.resolve(import.meta.dirname, "..");

const dataDir = path.join(root, ".data/bench");
rmSync(dataDir, { recursive: true, force: true });
const pg = await startEmbeddedPostgres({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 54359) });

// A stub of Inngest's event API: answers like the real one and counts what it receives.
let received = 0;
const stub = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const events = JSON.parse(body) as unknown[];
    received += events.length;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ids: events.map((_, i) => `stub-${received}-${i}`), status: 200 }));
  });
});
await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
const stubPort = (stub.address() as AddressInfo).port;

// Settings for the app modules below, which read them on first use.
Object.assign(process.env, { DATABASE_URL: pg.url, INNGEST_LOCAL_PORT: String(stubPort), INNGEST_LOCAL_SIGNING_KEY: newSigningKey(), LOG_LEVEL: "error" });
const { sql } = await import("drizzle-orm");
const { Inngest } = await import("inngest");
const { createDb } = await import("@/db/client");
const { runMigrations } = await import("@/db/migrate");
const { relayUntilEmpty } = await import("@/server/outbox/relay");

const handle = createDb(pg.url, { max: 8 });
const db = handle.db;
await runMigrations(db);

async function fillOutbox(count: number) {
  await db.execute(sql`truncate outbox, outbox_sequences`);
  // One aggregate per 10 events, sequences 1..10, the shape emit() writes.
  await db.execute(sql`
    insert into outbox (aggregate_type, aggregate_id, sequence, name, schema_version, payload)
    select 'customer', 'agg-' || (g / 10), (g % 10) + 1, 'customer/registered', 1,
      jsonb_build_object('userId', gen_random_uuid(), 'email', 'bench' || g || '@example.com', 'name', 'Bench ' || g)
    from generate_series(0, ${count - 1}) g`);
  await db.execute(sql`vacuum analyze outbox`);
}

function rate(count: number, ms: number) {
  return count / (ms / 1000);
}

function fmt(n: number, digits = 0) {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

// 1. Reference: raw SKIP LOCKED claim-and-mark, one statement per batch.
await fillOutbox(EVENTS);
let started = performance.now();
for (;;) {
  const claimed = await db.execute(sql`
    with claimed as (
      select id from outbox where status = 'pending' and available_at <= now()
      order by position limit ${BATCH} for update skip locked)
    update outbox o set status = 'sent', sent_at = now(), attempts = o.attempts + 1
    from claimed where o.id = claimed.id
    returning o.id`);
  if (claimed.length === 0) break;
}
const referenceRate = rate(EVENTS, performance.now() - started);

// 2. The relay with the SDK's send, 1 and 2 relays.
const sdk = new Inngest({ id: "bench", isDev: true, baseUrl: `http://127.0.0.1:${stubPort}`, checkpointing: false });
const throughput: { relays: number; rate: number }[] = [];
for (const relays of [1, 2]) {
  await fillOutbox(EVENTS);
  received = 0;
  const pools = Array.from({ length: relays }, () => createDb(pg.url, { max: 2 }));
  started = performance.now();
  await Promise.all(
    pools.map((p) => relayUntilEmpty(p.db, { send: async (events) => void (await sdk.send(events)), batchSize: BATCH, maxAttempts: 10, maxBatches: Infinity })),
  );
  const elapsed = performance.now() - started;
  await Promise.all(pools.map((p) => p.close()));
  if (received !== EVENTS) throw new Error(`relay delivered ${received} of ${EVENTS} events`);
  throughput.push({ relays, rate: rate(EVENTS, elapsed) });
}
stub.close();

// 3. Commit-to-handler latency through the local executor and the real functions.
await db.execute(sql`truncate outbox, outbox_sequences, processed_events, consumer_positions`);
const executorPort = 18499;
process.env.INNGEST_LOCAL_PORT = String(executorPort);
const { inngest } = await import("@/inngest/client");
const { customerRegistered } = await import("@/server/vocabulary/events");
const { outboxRelay } = await import("@/inngest/functions/outbox-relay");
const { createLocalExecutor } = await import("@/inngest/local-executor");
const { serve } = await import("inngest/next");
const { emit } = await import("@/server/outbox/emit");
const { transaction } = await import("@/db/transaction");

const handledAt = new Map<string, number>();
const benchConsumer = inngest.createFunction(
  { id: "bench-consumer", retries: 0, triggers: [customerRegistered] },
  async ({ event }) => {
    handledAt.set(event.data.meta.outboxId, performance.now());
  },
);
const handlers = serve({ client: inngest, functions: [outboxRelay, benchConsumer], enableUnauthedSync: false });
const callServe = (request: Request) => {
  const method = request.method as "GET" | "POST" | "PUT";
  return handlers[method](request as Parameters<typeof handlers.POST>[0], undefined);
};
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const { env } = await import("@/server/env");
const { executorKeys } = await import("@/inngest/local-executor");
const executor = createLocalExecutor({
  serveUrl: "http://127.0.0.1/api/inngest",
  callServe,
  port: executorPort,
  ...executorKeys(env().inngest),
  cronTimers: false,
  logger: silent,
});
await executor.start();

const committedAt = new Map<string, number>();
let next = 0;
const clients = 8;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next < LATENCY_EVENTS) {
      const n = next++;
      const userId = crypto.randomUUID();
      const { id } = await transaction(
        (tx) => emit(tx, { name: "customer/registered", aggregateId: userId, payload: { userId, email: `l${n}@example.com`, name: `L ${n}` } }),
        db,
      );
      committedAt.set(id, performance.now());
    }
  }),
);
await executor.drain(120_000);
await executor.stop();
const latencies = [...committedAt].map(([id, at]) => {
  const handled = handledAt.get(id);
  if (handled === undefined) throw new Error(`event ${id} was never handled`);
  return handled - at;
});
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

await handle.close();
await pg.stop();

console.log(`\nOutbox benchmark — ${EVENTS.toLocaleString("en-US")} events, batch ${BATCH}, PostgreSQL embedded (same database for every figure)\n`);
console.log(`reference  raw SKIP LOCKED claim+mark (no send)     ${fmt(referenceRate).padStart(9)} events/s`);
for (const t of throughput) {
  console.log(
    `relay      ${t.relays} relay${t.relays > 1 ? "s" : " "} claim → SDK send → mark            ${fmt(t.rate).padStart(9)} events/s   ratio to reference ${fmt(t.rate / referenceRate, 2)}`,
  );
}
console.log(
  `latency    commit → flush → relay fn → consumer fn     p50 ${fmt(pct(50), 1)} ms   p99 ${fmt(pct(99), 1)} ms   (${LATENCY_EVENTS} events, ${clients} committing clients, local executor)`,
);
process.exit(0);
