import { customerEmailChangeRequested } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** A new email address → the confirmation link mailed to it, once per token. */
export const mailEmailChange = inngest.createFunction(
  { id: "mail-email-change", retries: MAIL_RETRIES, triggers: [customerEmailChangeRequested], onFailure: onMailFailure("email_change") },
  sendMailOf("email_change"),
);
