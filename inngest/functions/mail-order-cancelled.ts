import { orderStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Order cancelled → "cancelled" with the order total, once per order. */
export const mailOrderCancelled = inngest.createFunction(
  { id: "mail-order-cancelled", retries: MAIL_RETRIES, triggers: [movedTo(orderStatusChanged, "cancelled")], onFailure: onMailFailure("order_cancelled") },
  sendMailOf("order_cancelled"),
);
