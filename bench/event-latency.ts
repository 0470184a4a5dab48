/**
 * `npm run bench:events` — commit → consumer latency of an event emitted inside a consumer
 * (issue 13): the hop a saga takes each time one Inngest function's `consumeOnce` transaction
 * writes the event the next function waits for.
 *
 * Run the way the app runs its functions locally: a fresh embedded PostgreSQL (migrated and
 * seeded like `npm run dev`), every function the app serves plus two bench functions, the local
 * executor with its crons on real timers (the outbox relay's once-a-minute backstop among them)
 * and the Inngest serve handler in this process (as bench/outbox.ts; no Next.js build needed).
 *
 * Each round: the bench sends `wave/released` straight to the executor's event API, shaped as
 * the relay sends it (so no commit of the bench's own nudges the relay); the bench consumer, an
 * Inngest function, handles it with `consumeOnce` and emits `picklist/line-confirmed` inside
 * that transaction; the bench listener, a second function, notes when that event reaches it.
 * Latency = listener start − end of the consumer's work (just before its COMMIT). Neither event
 * has a consumer in the app. Reference, same run: the executor's own delivery, from the bench's
 * send of `wave/released` to the start of the consumer's work (no outbox, no relay). Rounds start BENCH_SPACING_MS apart (default 5000), so they land
 * at every phase of the relay's cron minute.
 *
 * Options: BENCH_EVENTS (default 12), BENCH_SPACING_MS (default 5000), BENCH_TIMEOUT_SECONDS
 * (default 150), BENCH_PG_PORT (default 54389), BENCH_EXECUTOR_PORT (default 18689).
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { newSigningKey } from "../inngest/local-executor/signing";
import { envInt, fmt, percentile, sortAscending } from "./lib/stats";

const EVENTS = envInt("BENCH_EVENTS", 12);
const SPACING_MS = envInt("BENCH_SPACING_MS", 5_000);
const TIMEOUT_MS = envInt("BENCH_TIMEOUT_SECONDS", 150) * 1000;
const PG_PORT = envInt("BENCH_PG_PORT", 54389);
const EXECUTOR_PORT = envInt("BENCH_EXECUTOR_PORT", 18689);
const CONSUMER = "bench-event-latency";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".data/bench-events");
rmSync(dataDir, { recursive: true, force: true });

// Settings for the app modules, which read them on first use: loaded only after this.
delete process.env.DATABASE_URL;
// Quiet unless LOG_LEVEL is set: the seeded demo data makes the low-stock cron log its alerts.
const quiet = !process.env.LOG_LEVEL;
Object.assign(process.env, { INNGEST_LOCAL_PORT: String(EXECUTOR_PORT), INNGEST_LOCAL_SIGNING_KEY: newSigningKey(), LOG_LEVEL: process.env.LOG_LEVEL || "silent" });
const { prepareDatabase } = await import("../scripts/lib/prepare-db");
const database = await prepareDatabase({ dataDir, port: PG_PORT });
process.env.DATABASE_URL = database.url;

const { serve } = await import("inngest/next");
const { db, getDbHandle } = await import("@/db/client");
const { inngest } = await import("@/inngest/client");
const { eventType } = await import("inngest");
const { z } = await import("zod");
const { domainEvents, outboxMeta } = await import("@/server/vocabulary/events");
const { functions } = await import("@/inngest/functions");
const { createLocalExecutor, executorKeys } = await import("@/inngest/local-executor");
const { env } = await import("@/server/env");
const { consumeOnce } = await import("@/server/outbox/consume");
const { emit } = await import("@/server/outbox/emit");
const { machineLine } = await import("./lib/machine");

// The app declares no triggers for these two events (nothing of it consumes them).
const waveReleased = eventType("wave/released", { schema: z.object({ meta: outboxMeta, payload: domainEvents["wave/released"].payload }) });
const picklistLineConfirmed = eventType("picklist/line-confirmed", { schema: z.object({ meta: outboxMeta, payload: domainEvents["picklist/line-confirmed"].payload }) });

/** Per round (the wave id): when the bench sent, the consumer started and ended its work, and the listener started. */
const sentAt = new Map<string, number>();
const consumedAt = new Map<string, number>();
const committedAt = new Map<string, number>();
const handledAt = new Map<string, number>();

const benchConsumer = inngest.createFunction({ id: CONSUMER, retries: 0, triggers: [waveReleased] }, async ({ event, step }) =>
  step.run("emit-inside-consumer", () =>
    consumeOnce(db(), CONSUMER, event.data.meta, async (tx) => {
      const waveId = event.data.payload.waveId;
      consumedAt.set(waveId, performance.now());
      await emit(tx, {
        name: "picklist/line-confirmed",
        aggregateId: waveId,
        payload: { picklistId: waveId, lineId: randomUUID(), fulfillmentId: randomUUID(), productId: randomUUID(), pickedQuantity: 1, status: "picked", shortReason: null, actor: "system:bench" },
      });
      committedAt.set(waveId, performance.now());
    }),
  ),
);
const benchListener = inngest.createFunction({ id: `${CONSUMER}-listener`, retries: 0, triggers: [picklistLineConfirmed] }, async ({ event }) => {
  if (!handledAt.has(event.data.payload.picklistId)) handledAt.set(event.data.payload.picklistId, performance.now());
});

const handlers = serve({ client: inngest, functions: [...functions, benchConsumer, benchListener], enableUnauthedSync: false });
const callServe = (request: Request) => handlers[request.method as "GET" | "POST" | "PUT"](request as Parameters<typeof handlers.POST>[0], undefined);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const executor = createLocalExecutor({
  serveUrl: "http://127.0.0.1/api/inngest",
  callServe,
  port: EXECUTOR_PORT,
  ...executorKeys(env().inngest),
  logger: quiet ? silent : console,
});
await executor.start();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const waves: string[] = [];
const started = performance.now();
for (let n = 0; n < EVENTS; n++) {
  const waveId = randomUUID();
  waves.push(waveId);
  const outboxId = randomUUID();
  const meta = { outboxId, aggregateType: "wave", aggregateId: waveId, sequence: 1, schemaVersion: 1, occurredAt: new Date().toISOString() };
  sentAt.set(waveId, performance.now());
  await inngest.send({ id: outboxId, name: "wave/released", data: { meta, payload: { waveId, number: `BENCH-${n + 1}`, warehouseId: randomUUID(), picklists: [] } } });
  if (n < EVENTS - 1) await sleep(SPACING_MS);
}
while (handledAt.size < EVENTS && performance.now() - started < TIMEOUT_MS) await sleep(100);

const between = (from: Map<string, number>, to: Map<string, number>) =>
  sortAscending(waves.flatMap((id) => (from.has(id) && to.has(id) ? [to.get(id)! - from.get(id)!] : [])));
const latencies = between(committedAt, handledAt);
const delivery = between(sentAt, consumedAt);
const machine = await machineLine(getDbHandle().sql, "database, executor and functions");
await executor.stop();
await getDbHandle().close();
await database.stop();

console.log(`\nEvent latency benchmark — event emitted inside a consumer (consumeOnce) → next consumer, local executor with cron timers`);
console.log(machine);
console.log(`${EVENTS} events, one every ${fmt(SPACING_MS / 1000, 1)} s\n`);
const header = `${"".padEnd(44)} ${"events".padStart(6)} ${"min ms".padStart(9)} ${"median ms".padStart(10)} ${"p95 ms".padStart(9)} ${"max ms".padStart(9)}`;
console.log(`${header}\n${"─".repeat(header.length)}`);
const line = (label: string, values: number[]) =>
  console.log(
    `${label.padEnd(44)} ${String(values.length).padStart(6)} ${fmt(values[0] ?? NaN, 1).padStart(9)} ${fmt(percentile(values, 50), 1).padStart(10)} ${fmt(percentile(values, 95), 1).padStart(9)} ${fmt(values.at(-1) ?? NaN, 1).padStart(9)}`,
  );
line("commit inside consumeOnce → next consumer", latencies);
line("reference: event API send → consumer", delivery);
const missing = EVENTS - latencies.length;
if (missing > 0) console.error(`\nFAILED: ${missing} of ${EVENTS} events did not reach the listener within ${TIMEOUT_MS / 1000} s`);
process.exit(missing > 0 ? 1 : 0);
