import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export type OutboxStats = {
  pending: number;
  failed: number;
  sentLastHour: number;
  oldestPendingAgeSeconds: number | null;
};

/** Figures for readiness, metrics and the console; served by the partial indexes on outbox. */
export async function outboxStats(db: DbOrTx): Promise<OutboxStats> {
  const [row] = await db.execute<{ pending: string; failed: string; sent_last_hour: string; oldest_age: string | null }>(sql`
    select
      (select count(*) from outbox where status = 'pending') as pending,
      (select count(*) from outbox where status = 'failed') as failed,
      (select count(*) from outbox where status = 'sent' and sent_at > now() - interval '1 hour') as sent_last_hour,
      (select extract(epoch from now() - min(created_at)) from outbox where status = 'pending') as oldest_age`);
  return {
    pending: Number(row?.pending ?? 0),
    failed: Number(row?.failed ?? 0),
    sentLastHour: Number(row?.sent_last_hour ?? 0),
    oldestPendingAgeSeconds: row?.oldest_age == null ? null : Number(row.oldest_age),
  };
}
