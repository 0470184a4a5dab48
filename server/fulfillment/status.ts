import { and, eq, inArray, sql } from "drizzle-orm";
import { canMoveFulfillment, type FulfillmentStatus } from "@/server/vocabulary/fulfillment";
import type { Tx } from "@/db/client";
import { fulfillments, fulfillmentStatusHistory, type Fulfillment } from "@/db/schema";
import { chunks } from "@/server/lib/chunks";
import { DomainError } from "@/server/lib/errors";
import { emitMany } from "@/server/outbox";

export type FulfillmentMove = {
  to: FulfillmentStatus;
  reason: string;
  actor: string;
  /** Refuse if someone else changed the fulfillment since the caller read it. */
  expectedVersion?: number;
  /** Other columns that change with this move (attempt counters, attention, timestamps). */
  set?: Partial<Pick<Fulfillment, "pickAttempts" | "packAttempts" | "attention" | "shippedAt">>;
};

/**
 * Moves one fulfillment through the machine: row lock, version check, history row and a
 * fulfillment/status-changed event, all in the caller's transaction.
 */
export async function transitionFulfillment(tx: Tx, fulfillmentId: string, move: FulfillmentMove): Promise<Fulfillment> {
  const [current] = await tx.select().from(fulfillments).where(eq(fulfillments.id, fulfillmentId)).for("update");
  if (!current) throw new DomainError("NOT_FOUND", "Fulfillment not found.");
  if (move.expectedVersion !== undefined && current.version !== move.expectedVersion) {
    throw new DomainError("CONFLICT", "This fulfillment was changed by someone else. Reload and try again.", { reason: "stale_fulfillment" });
  }
  if (!canMoveFulfillment(current.status, move.to)) {
    throw new DomainError("PRECONDITION_FAILED", `A fulfillment that is ${label(current.status)} can't become ${label(move.to)}.`, {
      reason: "invalid_transition",
      from: current.status,
      to: move.to,
    });
  }
  const [updated] = await tx
    .update(fulfillments)
    .set({ ...move.set, status: move.to, version: sql`${fulfillments.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(fulfillments.id, current.id), eq(fulfillments.version, current.version)))
    .returning();
  await recordFulfillmentStatuses(tx, [current], move.to, move.reason, move.actor);
  return updated!;
}

/**
 * Moves many fulfillments to one status, with a history row and event each, in the caller's
 * transaction: one guarded UPDATE, then the history rows and events as multi-row inserts (one
 * more statement each per ROWS_PER_STATEMENT rows), never a statement per fulfillment.
 */
export async function moveFulfillments(tx: Tx, rows: Fulfillment[], to: FulfillmentStatus, reason: string, actor: string): Promise<void> {
  if (rows.length === 0) return;
  const refused = rows.find((f) => !canMoveFulfillment(f.status, to));
  if (refused) throw new DomainError("PRECONDITION_FAILED", `A fulfillment that is ${label(refused.status)} can't become ${label(to)}.`, { reason: "invalid_transition" });
  const moved = await tx
    .update(fulfillments)
    .set({ status: to, version: sql`${fulfillments.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        inArray(fulfillments.id, rows.map((f) => f.id)),
        // Guards against a concurrent move since the caller read the rows.
        sql`(${fulfillments.id}, ${fulfillments.version}) in (${sql.join(rows.map((f) => sql`(${f.id}::uuid, ${f.version}::int)`), sql`, `)})`,
      ),
    )
    .returning({ id: fulfillments.id });
  if (moved.length !== rows.length) throw new DomainError("CONFLICT", "Some of these fulfillments were changed by someone else. Reload and try again.", { reason: "stale_fulfillment" });
  await recordFulfillmentStatuses(tx, rows, to, reason, actor);
}

/** Cancels fulfillments through the machine, with a history row and event each, in the caller's transaction. */
export function cancelFulfillments(tx: Tx, rows: Fulfillment[], reason: string, actor: string): Promise<void> {
  return moveFulfillments(tx, rows, "cancelled", reason, actor);
}

/** A history row and a fulfillment/status-changed event per fulfillment, each kind in one statement per slice. */
async function recordFulfillmentStatuses(tx: Tx, rows: Fulfillment[], to: FulfillmentStatus, reason: string, actor: string) {
  for (const slice of chunks(rows)) {
    await tx.insert(fulfillmentStatusHistory).values(slice.map((f) => ({ fulfillmentId: f.id, fromStatus: f.status, toStatus: to, reason, actor })));
  }
  await emitMany(
    tx,
    rows.map((f) => ({
      name: "fulfillment/status-changed" as const,
      aggregateId: f.id,
      payload: { fulfillmentId: f.id, orderId: f.orderId, warehouseId: f.warehouseId, from: f.status, to, reason, actor },
    })),
  );
}

function label(status: FulfillmentStatus): string {
  return status.replace("_", " ");
}
