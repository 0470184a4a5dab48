export const compensationOperations = [
  "void_authorization",
  "refund",
  "release_reservations",
  "payment_capture",
  "restock",
  "cancel_shipment",
  /** A transactional mail still refused by the SMTP server after its function's retries (issue 14). */
  "send_mail",
] as const;
export type CompensationOperation = (typeof compensationOperations)[number];

export const compensationStatuses = ["pending", "resolved", "exhausted", "discarded"] as const;
export type CompensationStatus = (typeof compensationStatuses)[number];
