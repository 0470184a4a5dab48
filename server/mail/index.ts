import "server-only";

/** The mail module's public API: other modules import only this file. */
export { deliverMail, messageIdFor, prepareMail, recordFailedMail, resendFailedMail, type DeliverOutcome, type PreparedMail } from "./deliveries";
export { mailKey, mailSourceEvents, parseMailRequest, type MailRequest } from "./sources";
export { setSmtpUrl } from "./transport";
