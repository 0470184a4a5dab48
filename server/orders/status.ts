import { and, eq, inArray, sql } from "drizzle-orm";
import type { OrderStatus } from "@/server/vocabulary/orders";
import type { Tx } from "@/db/client";
import { orderStatusHistory, orders } from "@/db/schema";
import { chunks } from "@/server/lib/chunks";
import { DomainError } from "@/server/lib/errors";
import { emit, emitMany } from "@/server/outbox";

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

/**
 * Moves those of `orderIds` that are in `from` to `to` (the others stay as they are), each with
 * a version bump, history row and order/status-changed event, in the caller's transaction and
 * in a bounded number of statements. Rows are locked in id order, as one-by-one transitions in
 * id order would. Returns the ids moved.
 */
export async function moveOrdersFrom(tx: Tx, orderIds: string[], from: OrderStatus, to: OrderStatus, reason: string, actor: string): Promise<string[]> {
  if (!canTransition(from, to)) throw new DomainError("PRECONDITION_FAILED", `An order can't go from ${from} to ${to}.`, { reason: "invalid_transition" });
  const moved: { id: string; number: string }[] = [];
  for (const slice of chunks([...new Set(orderIds)].sort())) {
    const locked = await tx
      .select({ id: orders.id, number: orders.number })
      .from(orders)
      .where(and(inArray(orders.id, slice), eq(orders.status, from)))
      .orderBy(orders.id)
      .for("update");
    if (locked.length === 0) continue;
    await tx
      .update(orders)
      .set({ status: to, version: sql`${orders.version} + 1`, updatedAt: sql`now()` })
      .where(inArray(orders.id, locked.map((o) => o.id)));
    await tx.insert(orderStatusHistory).values(locked.map((o) => ({ orderId: o.id, fromStatus: from, toStatus: to, reason, actor })));
    moved.push(...locked);
  }
  await emitMany(
    tx,
    moved.map((o) => ({ name: "order/status-changed" as const, aggregateId: o.id, payload: { orderId: o.id, number: o.number, from, to, reason, actor } })),
  );
  return moved.map((o) => o.id);
}
