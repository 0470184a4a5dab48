import { and, eq, sql } from "drizzle-orm";
import type { ReturnStatus } from "@/server/vocabulary/returns";
import type { Tx } from "@/db/client";
import { returnStatusHistory, returns, type Return } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";

/**
 * The return state machine: the only moves a return can make.
 * requested → approved → received (inspected) → refunded (refund) or closed (exchange).
 */
export const returnTransitions: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ["approved", "rejected", "cancelled"],
  approved: ["received", "cancelled"],
  received: ["refunded", "closed"],
  refunded: ["closed"],
  rejected: [],
  closed: [],
  cancelled: [],
};

export function canMoveReturn(from: ReturnStatus, to: ReturnStatus): boolean {
  return returnTransitions[from].includes(to);
}

/** Statuses whose units still count against what the customer may return (everything but a refusal). */
export const countingReturnStatuses: readonly ReturnStatus[] = ["requested", "approved", "received", "refunded", "closed"];

/** Who moved a return: `user:<id>`, `guest` or `system:<job>`, and the user when there is one. */
export type ReturnActor = { label: string; userId: string | null };

/**
 * Moves a return (locked by the caller, or re-read here) through the machine with a version
 * check, a history row and a return/status-changed outbox event, in the caller's transaction.
 */
export async function transitionReturn(tx: Tx, current: Return, to: ReturnStatus, change: { reason: string; actor: ReturnActor; fields?: Partial<Pick<Return, "refundAmount">> }): Promise<Return> {
  if (!canMoveReturn(current.status, to)) {
    throw new DomainError("PRECONDITION_FAILED", `Return ${current.number} is ${current.status} and can't be ${to} now.`, {
      reason: "invalid_return_transition",
      status: current.status,
    });
  }
  const [moved] = await tx
    .update(returns)
    .set({ ...change.fields, status: to, version: sql`${returns.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(returns.id, current.id), eq(returns.version, current.version)))
    .returning();
  if (!moved) {
    throw new DomainError("CONFLICT", `Return ${current.number} was changed by someone else. Reload it and try again.`, { reason: "stale_return" });
  }
  await tx.insert(returnStatusHistory).values({
    returnId: current.id,
    fromStatus: current.status,
    toStatus: to,
    reason: change.reason,
    actor: change.actor.label,
    actorId: change.actor.userId,
  });
  await emit(tx, {
    name: "return/status-changed",
    aggregateId: current.id,
    payload: {
      returnId: current.id,
      number: current.number,
      orderId: current.orderId,
      kind: current.kind,
      from: current.status,
      to,
      reason: change.reason,
      actor: change.actor.label,
    },
  });
  return moved;
}

/** The return, locked for the rest of the transaction. */
export async function lockReturn(tx: Tx, returnId: string): Promise<Return> {
  const [row] = await tx.select().from(returns).where(eq(returns.id, returnId)).for("update");
  if (!row) throw new DomainError("NOT_FOUND", "We couldn't find that return.");
  return row;
}
