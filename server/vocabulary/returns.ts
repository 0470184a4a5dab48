export const returnStatuses = ["requested", "approved", "rejected", "received", "refunded", "closed", "cancelled"] as const;
export type ReturnStatus = (typeof returnStatuses)[number];
export const returnKinds = ["refund", "exchange"] as const;
export type ReturnKind = (typeof returnKinds)[number];
export const returnReasons = ["damaged", "wrong_item", "not_as_described", "no_longer_needed", "too_small", "too_large", "other"] as const;
export type ReturnReasonCode = (typeof returnReasons)[number];
export const itemConditions = ["sellable", "damaged", "unsellable"] as const;
export type ItemConditionCode = (typeof itemConditions)[number];

// Return statuses, reasons and conditions as people read them.
export const returnReasonLabels: Record<ReturnReasonCode, string> = {
  damaged: "Arrived damaged",
  wrong_item: "Wrong item sent",
  not_as_described: "Not as described",
  no_longer_needed: "No longer needed",
  too_small: "Too small",
  too_large: "Too large",
  other: "Other",
};

export const itemConditionLabels: Record<ItemConditionCode, string> = {
  sellable: "Sellable",
  damaged: "Damaged",
  unsellable: "Unsellable",
};

/** The shortest reason for restocking an item inspected as damaged or unsellable anyway (an override). */
export const MIN_OVERRIDE_REASON = 5;

/** What ops see. */
export const returnStatusLabels: Record<ReturnStatus, string> = {
  requested: "Requested",
  approved: "Approved",
  rejected: "Rejected",
  received: "Received",
  refunded: "Refunded",
  closed: "Closed",
  cancelled: "Cancelled",
};

/** What the customer sees: the status and what happens next. */
export const customerReturnStatus: Record<ReturnStatus, { label: string; next: string }> = {
  requested: { label: "Requested", next: "We're reviewing your request." },
  approved: { label: "Approved", next: "Please send the items back; we'll inspect them when they arrive." },
  rejected: { label: "Rejected", next: "This return was not accepted." },
  received: { label: "Received", next: "We have your items; your refund is on its way." },
  refunded: { label: "Refunded", next: "Your refund has been issued." },
  closed: { label: "Closed", next: "This return is complete." },
  cancelled: { label: "Cancelled", next: "This return was cancelled." },
};

export const returnStatusTone: Record<ReturnStatus, "neutral" | "brand" | "success" | "warning" | "danger"> = {
  requested: "warning",
  approved: "brand",
  rejected: "danger",
  received: "brand",
  refunded: "success",
  closed: "neutral",
  cancelled: "neutral",
};
