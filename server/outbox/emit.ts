import { sql } from "drizzle-orm";
import { domainEvents, type DomainEventName, type DomainEventPayload } from "@/server/vocabulary/events";
import type { Tx } from "@/db/client";
import { outbox, outboxSequences } from "@/db/schema";
import { afterCommit } from "@/db/transaction";
import { chunks } from "@/server/lib/chunks";
import { DomainError } from "@/server/lib/errors";
import { nudgeRelay } from "./flush";

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
  const payload = validPayload(input.name, input.payload);
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
      payload,
    })
    .returning({ id: outbox.id, sequence: outbox.sequence });
  afterCommit(tx, nudgeRelay);
  return row!;
}

/** Any catalog event, its payload matching its name. */
export type AnyEmitInput = { [N in DomainEventName]: EmitInput<N> }[DomainEventName];

/**
 * `emit` for many events in two statements (per ROWS_PER_STATEMENT rows) instead of two per
 * event: one upsert takes a block of sequence numbers per aggregate, one insert writes the rows.
 * Events of one aggregate get consecutive sequences in list order, as successive `emit`s would.
 */
export async function emitMany(tx: Tx, inputs: readonly AnyEmitInput[]): Promise<{ id: string; sequence: number }[]> {
  const events = inputs.map((input) => {
    const spec = domainEvents[input.name];
    return { ...input, spec, key: aggregateKey(spec.aggregate, input.aggregateId), payload: validPayload(input.name, input.payload) };
  });
  const blocks = new Map<string, { aggregateType: string; aggregateId: string; lastSequence: number }>();
  for (const e of events) {
    const block = blocks.get(e.key) ?? { aggregateType: e.spec.aggregate, aggregateId: e.aggregateId, lastSequence: 0 };
    block.lastSequence++;
    blocks.set(e.key, block);
  }
  // Counter rows are locked in one global order, so two batch emitters cannot deadlock on them.
  const ordered = [...blocks.keys()].sort().map((key) => blocks.get(key)!);
  const next = new Map<string, number>();
  for (const slice of chunks(ordered)) {
    const counters = await tx
      .insert(outboxSequences)
      .values(slice)
      .onConflictDoUpdate({
        target: [outboxSequences.aggregateType, outboxSequences.aggregateId],
        set: { lastSequence: sql`${outboxSequences.lastSequence} + excluded.last_sequence` },
      })
      .returning({ aggregateType: outboxSequences.aggregateType, aggregateId: outboxSequences.aggregateId, last: outboxSequences.lastSequence });
    // Each aggregate's block ends at the returned counter; its events take it from the start.
    for (const c of counters) {
      const key = aggregateKey(c.aggregateType, c.aggregateId);
      next.set(key, c.last - blocks.get(key)!.lastSequence + 1);
    }
  }
  const written: { id: string; sequence: number }[] = [];
  for (const slice of chunks(events)) {
    const rows = await tx
      .insert(outbox)
      .values(
        slice.map((e) => {
          const sequence = next.get(e.key)!;
          next.set(e.key, sequence + 1);
          return { aggregateType: e.spec.aggregate, aggregateId: e.aggregateId, sequence, name: e.name, schemaVersion: e.spec.version, payload: e.payload };
        }),
      )
      .returning({ id: outbox.id, sequence: outbox.sequence });
    written.push(...rows);
  }
  if (written.length > 0) afterCommit(tx, nudgeRelay);
  return written;
}

function validPayload(name: DomainEventName, payload: unknown): unknown {
  const parsed = domainEvents[name].payload.safeParse(payload);
  if (!parsed.success) {
    throw new DomainError("INVALID_INPUT", `Event ${name} has an invalid payload: ${parsed.error.message}`);
  }
  return parsed.data;
}

function aggregateKey(aggregateType: string, aggregateId: string): string {
  return `${aggregateType}\u0000${aggregateId}`;
}
