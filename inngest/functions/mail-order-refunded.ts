import { paymentStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** Payment fully refunded → "refunded" with the amount, once per payment. */
export const mailOrderRefunded = mailFunction("order_refunded", [movedTo(paymentStatusChanged, "refunded")]);
