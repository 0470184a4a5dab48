import { orderStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Order delivered (the carrier confirmed it) → "delivered", once per order. */
export const mailDelivered = inngest.createFunction(
  { id: "mail-delivered", retries: MAIL_RETRIES, triggers: [movedTo(orderStatusChanged, "delivered")], onFailure: onMailFailure("delivered") },
  sendMailOf("delivered"),
);
