import { orderStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Order confirmed → "order confirmed", once per order. */
export const mailOrderConfirmed = inngest.createFunction(
  { id: "mail-order-confirmed", retries: MAIL_RETRIES, triggers: [movedTo(orderStatusChanged, "confirmed")], onFailure: onMailFailure("order_confirmed") },
  sendMailOf("order_confirmed"),
);
