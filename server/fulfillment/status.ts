import type { FulfillmentStatus } from "@/db/schema";

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
