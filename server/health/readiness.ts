import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pendingMigrations } from "@/db/migrate";
import { outboxStats, type OutboxStats } from "@/server/outbox";
import { OUTBOX_LAG_LIMIT_SECONDS } from "@/server/vocabulary/outbox";

export type Readiness = {
  ready: boolean;
  checks: {
    database: { ok: boolean; error?: string };
    migrations: { ok: boolean; pending: string[] };
    outbox: { ok: boolean; oldestPendingAgeSeconds: number | null; pending: number; failed: number };
  };
};

export async function readiness(db: Db): Promise<Readiness> {
  try {
    await db.execute(sql`select 1`);
  } catch (error) {
    return {
      ready: false,
      checks: {
        database: { ok: false, error: error instanceof Error ? error.message : String(error) },
        migrations: { ok: false, pending: [] },
        outbox: { ok: false, oldestPendingAgeSeconds: null, pending: 0, failed: 0 },
      },
    };
  }
  const pending = await pendingMigrations(db);
  const stats: OutboxStats | undefined = pending.length === 0 ? await outboxStats(db) : undefined;
  const lag = stats?.oldestPendingAgeSeconds ?? null;
  const outboxOk = stats !== undefined && (lag === null || lag <= OUTBOX_LAG_LIMIT_SECONDS);
  return {
    ready: pending.length === 0 && outboxOk,
    checks: {
      database: { ok: true },
      migrations: { ok: pending.length === 0, pending },
      outbox: { ok: outboxOk, oldestPendingAgeSeconds: lag, pending: stats?.pending ?? 0, failed: stats?.failed ?? 0 },
    },
  };
}
