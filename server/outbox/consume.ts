import { sql } from "drizzle-orm";
import type { OutboxMeta } from "@/server/vocabulary/events";
import type { Db, Tx } from "@/db/client";
import { consumerPositions, processedEvents } from "@/db/schema";
import { transaction } from "@/db/transaction";

export type ConsumeOutcome<T> = { status: "applied"; result: T } | { status: "duplicate" } | { status: "stale" };

/**
 * Applies an outbox event at most once per consumer, in one transaction with its effect:
 * a redelivered event (same id) is a no-op, and an event older than one this consumer already
 * applied for the same aggregate is ignored (INT-P1-01).
 */
export async function consumeOnce<T>(
  db: Db,
  consumer: string,
  meta: OutboxMeta,
  apply: (tx: Tx) => Promise<T>,
): Promise<ConsumeOutcome<T>> {
  return transaction(async (tx) => {
    if (!(await claimOnce(tx, consumer, meta.outboxId))) return { status: "duplicate" } as const;

    const advanced = await tx
      .insert(consumerPositions)
      .values({ consumer, aggregateType: meta.aggregateType, aggregateId: meta.aggregateId, lastSequence: meta.sequence })
      .onConflictDoUpdate({
        target: [consumerPositions.consumer, consumerPositions.aggregateType, consumerPositions.aggregateId],
        set: { lastSequence: meta.sequence },
        setWhere: sql`${consumerPositions.lastSequence} < ${meta.sequence}`,
      })
      .returning({ lastSequence: consumerPositions.lastSequence });
    // Stale: recorded as processed (so a redelivery stays a no-op) but not applied.
    if (advanced.length === 0) return { status: "stale" } as const;

    return { status: "applied", result: await apply(tx) } as const;
  }, db);
}

/**
 * Records, in the caller's transaction, that `consumer` applied `id`: false when it already had
 * (a redelivery or a retried request). A rolled-back transaction takes its claim with it; a
 * concurrent claim of the same id waits for the first to commit and then sees it.
 */
export async function claimOnce(tx: Tx, consumer: string, id: string): Promise<boolean> {
  const inserted = await tx.insert(processedEvents).values({ consumer, eventId: id }).onConflictDoNothing().returning({ eventId: processedEvents.eventId });
  return inserted.length > 0;
}
