import { returnStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** Return received and inspected → "return received", once per return. */
export const mailReturnReceived = inngest.createFunction(
  { id: "mail-return-received", retries: MAIL_RETRIES, triggers: [movedTo(returnStatusChanged, "received")], onFailure: onMailFailure("return_received") },
  sendMailOf("return_received"),
);
