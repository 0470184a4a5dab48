import { paymentStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Payment declined → "did not go through", with the order page where the customer pays again; once per failure. */
export const mailPaymentFailed = inngest.createFunction(
  { id: "mail-payment-failed", retries: MAIL_RETRIES, triggers: [movedTo(paymentStatusChanged, "failed")], onFailure: onMailFailure("payment_failed") },
  sendMailOf("payment_failed"),
);
