import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { outbox, outboxSequences } from "@/db/schema";
import { domainEvents, type DomainEventName, type DomainEventPayload } from "@/inngest/events";
import { DomainError } from "@/server/lib/errors";
import { markEmitted } from "./flush";

export type EmitInput<N extends DomainEventName> = {
  name: N;
  aggregateId: string;
  payload: DomainEventPayload<N>;
};

/**
 * Writes an event to the outbox inside the caller's transaction: it is delivered if and only
 * if that transaction commits (OR-P0-01, ORD-P0-03). Takes a transaction, never the pool.
 */
export async function emit<N extends DomainEventName>(tx: Tx, input: EmitInput<N>): Promise<{ id: string; sequence: number }> {
  const spec = domainEvents[input.name];
  const parsed = spec.payload.safeParse(input.payload);
  if (!parsed.success) {
    throw new DomainError("INVALID_INPUT", `Event ${input.name} has an invalid payload: ${parsed.error.message}`);
  }
  // The upsert locks the aggregate's counter row until commit, so concurrent emitters for one
  // aggregate get consecutive sequence numbers in commit order.
  const [counter] = await tx
    .insert(outboxSequences)
    .values({ aggregateType: spec.aggregate, aggregateId: input.aggregateId, lastSequence: 1 })
    .onConflictDoUpdate({
      target: [outboxSequences.aggregateType, outboxSequences.aggregateId],
      set: { lastSequence: sql`${outboxSequences.lastSequence} + 1` },
    })
    .returning({ sequence: outboxSequences.lastSequence });
  const [row] = await tx
    .insert(outbox)
    .values({
      aggregateType: spec.aggregate,
      aggregateId: input.aggregateId,
      sequence: counter!.sequence,
      name: input.name,
      schemaVersion: spec.version,
      payload: parsed.data,
    })
    .returning({ id: outbox.id, sequence: outbox.sequence });
  markEmitted(tx);
  return row!;
}
