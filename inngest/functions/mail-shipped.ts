import { shipmentStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

/** A parcel shipped → "shipped" with its carrier and tracking link, once per shipment. */
export const mailShipped = inngest.createFunction(
  { id: "mail-shipped", retries: MAIL_RETRIES, triggers: [movedTo(shipmentStatusChanged, "shipped")], onFailure: onMailFailure("shipped") },
  sendMailOf("shipped"),
);
