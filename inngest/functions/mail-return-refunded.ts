import { returnStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Return refunded → "return refunded" with the amount, once per return. */
export const mailReturnRefunded = inngest.createFunction(
  { id: "mail-return-refunded", retries: MAIL_RETRIES, triggers: [movedTo(returnStatusChanged, "refunded")], onFailure: onMailFailure("return_refunded") },
  sendMailOf("return_refunded"),
);
