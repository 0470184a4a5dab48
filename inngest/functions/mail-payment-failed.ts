import { paymentStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** Payment declined → "did not go through", with the order page where the customer pays again; once per failure. */
export const mailPaymentFailed = mailFunction("payment_failed", [movedTo(paymentStatusChanged, "failed")]);
