import { returnStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** Return refunded → "return refunded" with the amount, once per return. */
export const mailReturnRefunded = mailFunction("return_refunded", [movedTo(returnStatusChanged, "refunded")]);
