import { inArray, sql } from "drizzle-orm";
import type { OutboxMeta } from "@/server/vocabulary/events";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";
import { transaction } from "@/db/transaction";

export type RelayEvent = {
  id: string;
  name: string;
  data: { meta: OutboxMeta; payload: unknown };
  v: string;
  ts: number;
};

export type RelaySender = (events: RelayEvent[]) => Promise<unknown>;

export type RelayOptions = {
  send: RelaySender;
  batchSize: number;
  maxAttempts: number;
  /** Called after a batch is claimed and before it is sent; the crash tests kill the process here. */
  onClaimed?: (ids: string[]) => Promise<void> | void;
};

export type BatchResult = { claimed: number; sent: number; retried: number; failed: number };

export type ClaimedRow = {
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  sequence: number;
  name: string;
  schema_version: number;
  payload: unknown;
  attempts: number;
  created_at: Date | string;
};

/**
 * Claims up to batchSize due rows with FOR UPDATE SKIP LOCKED, sends them with the outbox id as
 * the event id, and marks them in the same transaction. A crash before commit releases the
 * locks and leaves the rows pending (re-sent later; the id makes that a duplicate Inngest
 * drops); concurrent relays never claim the same row.
 */
export async function relayBatch(db: Db, options: RelayOptions): Promise<BatchResult> {
  return transaction(async (tx) => {
    const rows = await tx.execute<ClaimedRow>(sql`
      select id, aggregate_type, aggregate_id, sequence, name, schema_version, payload, attempts, created_at
      from outbox
      where status = 'pending' and available_at <= now()
      order by position
      limit ${options.batchSize}
      for update skip locked`);
    const claimed = Array.from(rows);
    if (claimed.length === 0) return { claimed: 0, sent: 0, retried: 0, failed: 0 };
    const ids = claimed.map((r) => r.id);
    await options.onClaimed?.(ids);

    try {
      await options.send(claimed.map(toEvent));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Backoff 2, 4, 8 ... seconds capped at 10 minutes; `failed` after maxAttempts.
      const updated = await tx
        .update(outbox)
        .set({
          attempts: sql`${outbox.attempts} + 1`,
          lastError: message.slice(0, 2000),
          status: sql`case when ${outbox.attempts} + 1 >= ${options.maxAttempts} then 'failed'::outbox_status else 'pending'::outbox_status end`,
          availableAt: sql`now() + make_interval(secs => least(power(2, ${outbox.attempts} + 1), 600))`,
        })
        .where(inArray(outbox.id, ids))
        .returning({ status: outbox.status });
      const failed = updated.filter((r) => r.status === "failed").length;
      return { claimed: claimed.length, sent: 0, retried: claimed.length - failed, failed };
    }

    await tx
      .update(outbox)
      .set({ status: "sent", sentAt: sql`now()`, attempts: sql`${outbox.attempts} + 1`, lastError: null })
      .where(inArray(outbox.id, ids));
    return { claimed: claimed.length, sent: claimed.length, retried: 0, failed: 0 };
  }, db);
}

/** Relays batches until the outbox has nothing due (or maxBatches is reached). */
export async function relayUntilEmpty(db: Db, options: RelayOptions & { maxBatches?: number }): Promise<BatchResult> {
  const total: BatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < (options.maxBatches ?? 1000); i++) {
    const batch = await relayBatch(db, options);
    total.claimed += batch.claimed;
    total.sent += batch.sent;
    total.retried += batch.retried;
    total.failed += batch.failed;
    if (batch.claimed < options.batchSize || batch.sent === 0) break;
  }
  return total;
}

/** The event the relay sends for an outbox row (also what e2e/redeliver-events.ts sends again). */
export function toEvent(row: ClaimedRow): RelayEvent {
  const occurredAt = row.created_at instanceof Date ? row.created_at : new Date(row.created_at);
  return {
    id: row.id,
    name: row.name,
    v: String(row.schema_version),
    ts: occurredAt.getTime(),
    data: {
      meta: {
        outboxId: row.id,
        aggregateType: row.aggregate_type,
        aggregateId: row.aggregate_id,
        sequence: row.sequence,
        schemaVersion: row.schema_version,
        occurredAt: occurredAt.toISOString(),
      },
      payload: row.payload,
    },
  };
}
