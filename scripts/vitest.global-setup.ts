import path from "node:path";
import { sql } from "drizzle-orm";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { newSigningKey } from "@/inngest/local-executor/signing";
import { seedDemo } from "@/db/seed";
import { startEmbeddedPostgres, type EmbeddedDb } from "./lib/embedded-db";
import { relaxAbuseLimits } from "./lib/relaxed-limits";
import { startSmtpInbox, type SmtpInbox } from "./lib/smtp-inbox";

let pg: EmbeddedDb | undefined;
let smtp: SmtpInbox | undefined;

/**
 * Gives the test files a fresh, migrated and seeded database: TEST_DATABASE_URL if set (it is
 * wiped!), otherwise an embedded PostgreSQL in a child process. DATABASE_URL is never used, so
 * a developer's own database cannot be wiped by a test run.
 */
export default async function setup() {
  Object.assign(process.env, { NODE_ENV: "test" });
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const port = Number(process.env.TEST_PG_PORT ?? 54339);
    pg = await startEmbeddedPostgres({
      dataDir: path.resolve(import.meta.dirname, `../.data/test-pg-${port}`),
      port,
      database: "depot_test",
    });
    url = pg.url;
  }
  process.env.DATABASE_URL = url;
  process.env.INNGEST_LOCAL_PORT ??= "18288";
  // Tests drive /api/inngest through the local executor on the same signed path as production.
  process.env.INNGEST_LOCAL_SIGNING_KEY ??= newSigningKey("test");
  // Every test file shares the demo accounts and calls procedures quickly from few addresses: the
  // abuse limits stay out of their way. Tests about the limits install their own (setRateLimits).
  relaxAbuseLimits(process.env);
  process.env.LOG_LEVEL ??= "warn";
  // Every order, account and return event now sends a mail: a real SMTP server that accepts and
  // drops it, so the test files' mail path runs over SMTP. Tests that read mail start their own.
  if (!process.env.SMTP_URL) {
    smtp = await startSmtpInbox({ parse: false });
    process.env.SMTP_URL = smtp.url;
  }

  const handle = createDb(url, { max: 1 });
  try {
    await handle.db.execute(sql.raw("drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;"));
    await runMigrations(handle.db);
    await seedDemo(handle.db);
  } finally {
    await handle.close();
  }
  return async () => {
    await smtp?.close();
    await pg?.stop();
  };
}
