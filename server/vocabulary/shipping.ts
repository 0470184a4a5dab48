export const qcResults = ["pass", "fail"] as const;
export type QcResult = (typeof qcResults)[number];

export const shipmentStatuses = ["label_pending", "manual", "labelled", "shipped", "in_transit", "delivered", "exception", "cancelled"] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

/** Why the last label call failed: the first two heal by themselves and are retried automatically; the others need staff. */
export const labelFailures = ["carrier_unavailable", "call_failed", "refused", "duplicate_tracking"] as const;
export type LabelFailure = (typeof labelFailures)[number];
