export const fulfillmentStatuses = [
  "pending",
  "planning",
  "picking",
  "picked",
  "packing",
  "packed",
  "ready",
  "shipped",
  "completed",
  "pick_failed",
  "pack_failed",
  "cancelled",
] as const;
export type FulfillmentStatus = (typeof fulfillmentStatuses)[number];

/**
 * The fulfillment state machine (FUL-P0-02). `shipped`/`completed` mean handed to the carrier
 * and done by the warehouse; only a carrier delivery confirmation makes the order delivered
 * (ORD-P0-02).
 */
export const fulfillmentTransitions: Record<FulfillmentStatus, readonly FulfillmentStatus[]> = {
  pending: ["planning", "cancelled"],
  planning: ["picking", "pending", "cancelled"],
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

/** States a fulfillment can still be cancelled from: everything before the carrier has it. */
export const preShipmentStatuses = (Object.keys(fulfillmentTransitions) as FulfillmentStatus[]).filter((s) =>
  fulfillmentTransitions[s].includes("cancelled"),
);

export function canMoveFulfillment(from: FulfillmentStatus, to: FulfillmentStatus): boolean {
  return fulfillmentTransitions[from].includes(to);
}

/**
 * Units a fulfillment line still ships: what was allocated, less units cancelled after a short
 * pick (refunded) and units moved to another warehouse's fulfillment (shipped from there).
 */
export const unitsToShip = (item: { quantity: number; cancelledQuantity: number; movedQuantity: number }) =>
  item.quantity - item.cancelledQuantity - item.movedQuantity;
