export const paymentStatuses = ["pending", "processing", "authorized", "captured", "partially_refunded", "refunded", "voided", "failed"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const refundKinds = ["short_pick", "return", "cancel"] as const;
export type RefundKind = (typeof refundKinds)[number];
export const refundStatuses = ["pending", "succeeded"] as const;
export type RefundStatus = (typeof refundStatuses)[number];
