/**
 * Delivers outbox events to the e2e app a second time, as an at-least-once event bus may:
 *
 *   node <tsxNodeArgs> e2e/redeliver-events.ts <outbox id>...
 *
 * The app's own executor drops a repeated event id (as Inngest does for 24 h), so a fresh local
 * executor, signed with the app's key, delivers the same events (id, name, data, as the relay
 * built them) through the app's real /api/inngest, waits until every run it started has ended,
 * and prints those runs as JSON on stdout. A spec started in Playwright's worker cannot load the
 * executor itself (it imports server-only modules), hence this separate process.
 */
import { createLocalExecutor } from "@/inngest/local-executor";
import { toEvent, type ClaimedRow } from "@/server/outbox/relay";
import { e2eDatabase, e2eSigningKey } from "./db";

const ids = process.argv.slice(2);
if (ids.length === 0) {
  console.error("usage: redeliver-events.ts <outbox id>...");
  process.exit(2);
}

const sql = e2eDatabase();
const rows = await sql<ClaimedRow[]>`select id, aggregate_type, aggregate_id, sequence, name, schema_version, payload, attempts, created_at from outbox where id in ${sql(ids)}`;
await sql.end();
if (rows.length !== ids.length) throw new Error(`outbox rows not found: ${ids.filter((id) => !rows.some((r) => r.id === id)).join(", ")}`);

const quiet = { info: () => {}, warn: (...a: unknown[]) => console.error(...a), error: (...a: unknown[]) => console.error(...a) };
const executor = createLocalExecutor({
  serveUrl: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}/api/inngest`,
  signingKey: e2eSigningKey(),
  eventKey: "e2e-redelivery",
  port: 0,
  cronTimers: false,
  logger: quiet,
});
await executor.start();
try {
  // The event exactly as the outbox relay sends it.
  await executor.send(rows.map(toEvent));
  await executor.drain(60_000);
  console.log(JSON.stringify(executor.runs()));
} finally {
  await executor.stop();
}
