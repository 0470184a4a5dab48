import { customerRegistered } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** A customer registered → the welcome mail, once per account. */
export const mailWelcome = inngest.createFunction(
  { id: "mail-welcome", retries: MAIL_RETRIES, triggers: [customerRegistered], onFailure: onMailFailure("welcome") },
  sendMailOf("welcome"),
);
