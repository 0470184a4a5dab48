/** Every transactional mail Depot sends; each kind has one template in server/mail/templates/. */
export const mailKinds = [
  "order_placed",
  "payment_failed",
  "order_confirmed",
  "shipped",
  "delivered",
  "order_cancelled",
  "order_refunded",
  "return_received",
  "return_refunded",
  "welcome",
  "password_reset",
  "email_change",
] as const;
export type MailKind = (typeof mailKinds)[number];

/** pending: written, not yet accepted by the SMTP server; sent: accepted; failed: retries exhausted (a send_mail compensation holds it). */
export const mailDeliveryStatuses = ["pending", "sent", "failed"] as const;
export type MailDeliveryStatus = (typeof mailDeliveryStatuses)[number];
