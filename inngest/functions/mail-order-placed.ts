import { orderPlaced } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Order placed → "order placed" with the total, to the account's or the guest's checkout email, once per order. */
export const mailOrderPlaced = inngest.createFunction(
  { id: "mail-order-placed", retries: MAIL_RETRIES, triggers: [orderPlaced], onFailure: onMailFailure("order_placed") },
  sendMailOf("order_placed"),
);
