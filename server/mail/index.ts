import "server-only";

/** The mail module's public API: other modules import only this file. */
export { deliverMail, prepareMail, recordFailedMail, resendFailedMail, type DeliverOutcome, type PreparedMail } from "./deliveries";
export type { MailRequest } from "./sources";
export { forgetCustomerMail } from "./forget";
