import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import { domainEvents } from "@/server/vocabulary/events";
import type { DbOrTx } from "@/db/client";
import { outbox } from "@/db/schema";

export type OutboxListStatus = "open" | "pending" | "failed";

export type OutboxListInput = {
  /** open = pending and failed. */
  status: OutboxListStatus;
  name?: string;
  /** Keyset cursor: the `position` of the last row of the previous page. */
  after?: number;
  limit: number;
};

export type OutboxEventRow = {
  id: string;
  position: number;
  name: string;
  aggregateType: string;
  aggregateId: string;
  sequence: number;
  schemaVersion: number;
  status: "pending" | "sent" | "failed";
  attempts: number;
  availableAt: Date;
  lastError: string | null;
  createdAt: Date;
  payload: unknown;
};

export type OutboxEventPage = { rows: OutboxEventRow[]; nextCursor: number | null };

const columns = {
  id: outbox.id,
  position: outbox.position,
  name: outbox.name,
  aggregateType: outbox.aggregateType,
  aggregateId: outbox.aggregateId,
  sequence: outbox.sequence,
  schemaVersion: outbox.schemaVersion,
  status: outbox.status,
  attempts: outbox.attempts,
  availableAt: outbox.availableAt,
  lastError: outbox.lastError,
  createdAt: outbox.createdAt,
  payload: outbox.payload,
};

/**
 * Unsent events, oldest first (the order the relay sends them), keyset-paginated on
 * `position`. Each status is read on its own so that `status = 'pending'` walks the partial
 * outbox_pending_position_idx; failed rows have no index of their own (a partial
 * `outbox (position) where status = 'failed'` would serve them) and are few by nature. The
 * two reads are merged by position.
 */
export async function listOutboxEvents(db: DbOrTx, input: OutboxListInput): Promise<OutboxEventPage> {
  const statuses: ("pending" | "failed")[] = input.status === "open" ? ["pending", "failed"] : [input.status];
  const take = input.limit + 1;
  const parts = await Promise.all(
    statuses.map((status) => {
      const where: (SQL | undefined)[] = [
        eq(outbox.status, status),
        input.name ? eq(outbox.name, input.name) : undefined,
        input.after !== undefined ? gt(outbox.position, input.after) : undefined,
      ];
      return db.select(columns).from(outbox).where(and(...where)).orderBy(asc(outbox.position)).limit(take);
    }),
  );
  const merged = parts.flat().sort((a, b) => a.position - b.position).slice(0, take);
  const more = merged.length > input.limit;
  const rows = more ? merged.slice(0, input.limit) : merged;
  return { rows, nextCursor: more ? rows[rows.length - 1]!.position : null };
}

export type EventThroughput = {
  name: string;
  /** Declared in the event catalog (older names may still sit in the outbox). */
  inCatalog: boolean;
  sentLastHour: number;
  sentLastDay: number;
  pending: number;
  failed: number;
};

/**
 * Per event name: sent in the last hour and the last 24 h (the partial outbox_sent_idx on
 * sent_at), pending (outbox_pending_position_idx) and failed (no index: a scan). Every name of
 * the event catalog is listed, with zeros when quiet, so the list doubles as the name filter.
 */
export async function eventThroughput(db: DbOrTx): Promise<EventThroughput[]> {
  const rows = await db.execute<{ name: string; sent_hour: string; sent_day: string; pending: string; failed: string }>(sql`
    select name, sum(sent_hour) as sent_hour, sum(sent_day) as sent_day, sum(pending) as pending, sum(failed) as failed
    from (
      select name, count(*) filter (where sent_at > now() - interval '1 hour') as sent_hour, count(*) as sent_day, 0 as pending, 0 as failed
      from outbox where status = 'sent' and sent_at > now() - interval '24 hours' group by name
      union all
      select name, 0, 0, count(*), 0 from outbox where status = 'pending' group by name
      union all
      select name, 0, 0, 0, count(*) from outbox where status = 'failed' group by name
    ) t
    group by name`);
  const catalog = new Set<string>(Object.keys(domainEvents));
  const byName = new Map<string, EventThroughput>();
  for (const name of catalog) byName.set(name, { name, inCatalog: true, sentLastHour: 0, sentLastDay: 0, pending: 0, failed: 0 });
  for (const r of rows) {
    byName.set(r.name, {
      name: r.name,
      inCatalog: catalog.has(r.name),
      sentLastHour: Number(r.sent_hour),
      sentLastDay: Number(r.sent_day),
      pending: Number(r.pending),
      failed: Number(r.failed),
    });
  }
  return [...byName.values()].sort((a, b) => b.sentLastDay - a.sentLastDay || b.failed - a.failed || a.name.localeCompare(b.name));
}
