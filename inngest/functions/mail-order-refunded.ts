import { paymentStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Payment fully refunded → "refunded" with the amount, once per payment. */
export const mailOrderRefunded = inngest.createFunction(
  { id: "mail-order-refunded", retries: MAIL_RETRIES, triggers: [movedTo(paymentStatusChanged, "refunded")], onFailure: onMailFailure("order_refunded") },
  sendMailOf("order_refunded"),
);
