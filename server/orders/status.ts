import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { orderStatusHistory, orders, type OrderStatus } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox/emit";

/** The order state machine: the only moves an order can make (no backward moves). */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["confirmed", "cancelled"],
  confirmed: ["processing", "cancelled"],
  processing: ["partially_shipped", "shipped", "cancelled"],
  partially_shipped: ["shipped"],
  // completed without a delivery confirmation: auto-completed after N days (P1-2024-03).
  shipped: ["delivered", "completed"],
  delivered: ["completed"],
  completed: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return orderTransitions[from].includes(to);
}

export type TransitionInput = { orderId: string; to: OrderStatus; reason: string; actor: string; expectedVersion?: number };

/**
 * Moves an order through the state machine with an optimistic version check, records the
 * history row and emits order/status-changed, all in the caller's transaction.
 */
export async function transitionOrder(tx: Tx, input: TransitionInput) {
  const [current] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for("update");
  if (!current) throw new DomainError("NOT_FOUND", "Order not found.");
  if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) {
    throw new DomainError("CONFLICT", `Order ${current.number} was changed by someone else. Reload it and try again.`, { reason: "stale_order" });
  }
  if (!canTransition(current.status, input.to)) {
    throw new DomainError("PRECONDITION_FAILED", `Order ${current.number} can't go from ${current.status} to ${input.to}.`, {
      reason: "invalid_transition",
    });
  }
  const [updated] = await tx
    .update(orders)
    .set({ status: input.to, version: sql`${orders.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(orders.id, current.id), eq(orders.version, current.version)))
    .returning();
  await recordStatus(tx, { orderId: current.id, number: current.number, from: current.status, to: input.to, reason: input.reason, actor: input.actor });
  return updated!;
}

/** History row + event for a status an order enters (also the first one, from null). */
export async function recordStatus(
  tx: Tx,
  s: { orderId: string; number: string; from: OrderStatus | null; to: OrderStatus; reason: string; actor: string },
): Promise<void> {
  await tx.insert(orderStatusHistory).values({ orderId: s.orderId, fromStatus: s.from, toStatus: s.to, reason: s.reason, actor: s.actor });
  await emit(tx, { name: "order/status-changed", aggregateId: s.orderId, payload: s });
}
