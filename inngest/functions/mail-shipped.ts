import { shipmentStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** A parcel shipped → "shipped" with its carrier and tracking link, once per shipment. */
export const mailShipped = mailFunction("shipped", [movedTo(shipmentStatusChanged, "shipped")]);
