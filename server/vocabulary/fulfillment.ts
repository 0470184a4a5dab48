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
