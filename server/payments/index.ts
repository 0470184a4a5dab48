import "server-only";

/** The payments module's public API: other modules import only this file. */
export { authorizeOrderPayment } from "./authorize";
export { captureAuthorization } from "./capture";
export { captureDuePayments } from "./capture-due";
export { checkPaymentCard, createCardPaymentMethod } from "./card";
export { WebhookVerificationError, verifyStripeWebhook, type PaymentGateway } from "./gateway";
export { paymentGateway } from "./gateway-instance";
export { brandLabel } from "./gateway/card-check";
export { declineMessage } from "./messages";
export { refundCancelledUnits, unrefundedLines } from "./refund-units";
export { claimRefund, latestPayment, previewRefund, previewRefunds, recordRefundSucceeded, refundSummary, type RefundSummary } from "./refunds";
export { refundCapture, settlementFor, voidAuthorization } from "./settle-cancelled";
export { parseStripeEvent } from "./webhook-event";
export { handleStripeEvent } from "./webhooks";
