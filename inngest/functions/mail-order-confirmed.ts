import { orderStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** Order confirmed → "order confirmed", once per order. */
export const mailOrderConfirmed = mailFunction("order_confirmed", [movedTo(orderStatusChanged, "confirmed")]);
