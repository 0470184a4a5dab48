import { inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillments, fulfillmentStatusHistory, type Fulfillment, type FulfillmentStatus } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";

/**
 * The fulfillment state machine (FUL-P0-02). `shipped`/`completed` mean handed to the carrier;
 * only a carrier delivery confirmation makes the order delivered (ORD-P0-02).
 */
export const fulfillmentTransitions: Record<FulfillmentStatus, readonly FulfillmentStatus[]> = {
  pending: ["planning", "cancelled"],
  planning: ["picking", "cancelled"],
  picking: ["picked", "pick_failed", "cancelled"],
  pick_failed: ["picking", "cancelled"],
  picked: ["packing", "cancelled"],
  packing: ["packed", "pack_failed", "cancelled"],
  pack_failed: ["packing", "cancelled"],
  packed: ["ready", "cancelled"],
  ready: ["shipped", "cancelled"],
  shipped: ["completed"],
  completed: [],
  cancelled: [],
};

export function canMoveFulfillment(from: FulfillmentStatus, to: FulfillmentStatus): boolean {
  return fulfillmentTransitions[from].includes(to);
}

/** Cancels fulfillments through the machine, with a history row each, in the caller's transaction. */
export async function cancelFulfillments(tx: Tx, rows: Fulfillment[], reason: string, actor: string): Promise<void> {
  if (rows.length === 0) return;
  const refused = rows.find((f) => !canMoveFulfillment(f.status, "cancelled"));
  if (refused) throw new DomainError("PRECONDITION_FAILED", `A fulfillment that is ${refused.status} can't be cancelled.`, { reason: "invalid_transition" });
  await tx
    .update(fulfillments)
    .set({ status: "cancelled", version: sql`${fulfillments.version} + 1`, updatedAt: sql`now()` })
    .where(inArray(fulfillments.id, rows.map((f) => f.id)));
  await tx
    .insert(fulfillmentStatusHistory)
    .values(rows.map((f) => ({ fulfillmentId: f.id, fromStatus: f.status, toStatus: "cancelled" as const, reason, actor })));
}
