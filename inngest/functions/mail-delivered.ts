import { orderStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** Order delivered (the carrier confirmed it) → "delivered", once per order. */
export const mailDelivered = mailFunction("delivered", [movedTo(orderStatusChanged, "delivered")]);
