import { customerPasswordResetRequested } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** A password reset was asked for → the reset link (accountLinkUrl), once per token. */
export const mailPasswordReset = inngest.createFunction(
  { id: "mail-password-reset", retries: MAIL_RETRIES, triggers: [customerPasswordResetRequested], onFailure: onMailFailure("password_reset") },
  sendMailOf("password_reset"),
);
