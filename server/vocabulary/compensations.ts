export const compensationOperations = [
  "void_authorization",
  "refund",
  "release_reservations",
  "payment_capture",
  "restock",
  "cancel_shipment",
] as const;
export type CompensationOperation = (typeof compensationOperations)[number];

export const compensationStatuses = ["pending", "resolved", "exhausted", "discarded"] as const;
export type CompensationStatus = (typeof compensationStatuses)[number];
