import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { orders, outbox } from "@/db/schema";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { afterCommit } from "@/db/transaction";
import { recordAudit } from "@/server/audit";
import { DomainError } from "@/server/lib/errors";
import { nudgeRelay } from "./flush";

export type RetryEventResult = {
  /** False when the event was no longer failed: nothing changed and nothing was audited. */
  retried: boolean;
  status: "pending" | "sent" | "failed";
  message: string;
};

export type RetryAllResult = { retried: number; message: string };

/** Ids listed in a bulk retry's audit row; the count is always complete. */
const AUDITED_IDS = 500;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order an event is about, when it names one that exists (so the order's timeline shows the retry). */
async function orderOf(tx: Tx, row: { aggregateType: string; aggregateId: string; payload: unknown }): Promise<string | null> {
  const fromPayload = (row.payload as { orderId?: unknown } | null)?.orderId;
  const candidate = row.aggregateType === "order" ? row.aggregateId : typeof fromPayload === "string" ? fromPayload : null;
  if (!candidate || !uuidPattern.test(candidate)) return null;
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, candidate));
  return order?.id ?? null;
}

/**
 * Puts a failed outbox event back in the relay's queue: pending, due now, attempts kept (so a
 * further failure sends it straight back to failed instead of another full round of retries).
 * The guarded update makes it idempotent: a second retry, or one racing another operator,
 * finds the row no longer failed and changes nothing. Nudges the relay after commit.
 */
export async function retryOutboxEvent(tx: Tx, actor: SessionUser, eventId: string): Promise<RetryEventResult> {
  const [row] = await tx
    .update(outbox)
    .set({ status: "pending", availableAt: sql`now()` })
    .where(and(eq(outbox.id, eventId), eq(outbox.status, "failed")))
    .returning();
  if (!row) {
    const [existing] = await tx.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, eventId));
    if (!existing) throw new DomainError("NOT_FOUND", "This event is no longer in the outbox.", { reason: "event_not_found" });
    const message =
      existing.status === "sent"
        ? "This event has been sent since; there is nothing to retry."
        : existing.status === "pending"
          ? "This event is already waiting to be sent; there is nothing to retry."
          : "This event could not be retried.";
    return { retried: false, status: existing.status, message };
  }
  await recordAudit(tx, actor, {
    action: "outbox.retry",
    targetType: "outbox_event",
    targetId: row.id,
    targetLabel: row.name,
    orderId: await orderOf(tx, row),
    details: { name: row.name, aggregateType: row.aggregateType, aggregateId: row.aggregateId, attempts: row.attempts, lastError: row.lastError },
  });
  afterCommit(tx, nudgeRelay);
  return { retried: true, status: "pending", message: `The ${row.name} event is queued to be sent again.` };
}

/** Retries every failed event of one name at once: one statement, one audit row with the count and ids. */
export async function retryAllFailed(tx: Tx, actor: SessionUser, name: string): Promise<RetryAllResult> {
  const rows = await tx
    .update(outbox)
    .set({ status: "pending", availableAt: sql`now()` })
    .where(and(eq(outbox.name, name), eq(outbox.status, "failed")))
    .returning({ id: outbox.id });
  if (rows.length === 0) return { retried: 0, message: `No failed ${name} events to retry.` };
  await recordAudit(tx, actor, {
    action: "outbox.retry_all",
    targetType: "outbox_event_name",
    targetId: name,
    targetLabel: name,
    details: { count: rows.length, ids: rows.slice(0, AUDITED_IDS).map((r) => r.id), idsTruncated: rows.length > AUDITED_IDS },
  });
  afterCommit(tx, nudgeRelay);
  return { retried: rows.length, message: `${rows.length} failed ${name} event${rows.length === 1 ? " is" : "s are"} queued to be sent again.` };
}
