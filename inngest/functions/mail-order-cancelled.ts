import { orderStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** Order cancelled → "cancelled" with the order total, once per order. */
export const mailOrderCancelled = mailFunction("order_cancelled", [movedTo(orderStatusChanged, "cancelled")]);
