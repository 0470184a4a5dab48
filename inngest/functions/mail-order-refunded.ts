import { paymentStatusChanged } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { MAIL_RETRIES, onMailFailure, sendMailOf } from "./mail-function";

// A return's refund has its own mail (mail-return-refunded).
const notReturn = "event.data.payload.refund != null && event.data.payload.refund.kind != 'return'";

/** A refund paid back (cancelled order, short pick) → "refunded" with its amount, once per refund. */
export const mailOrderRefunded = inngest.createFunction(
  {
    id: "mail-order-refunded",
    retries: MAIL_RETRIES,
    triggers: [movedTo(paymentStatusChanged, "partially_refunded", notReturn), movedTo(paymentStatusChanged, "refunded", notReturn)],
    onFailure: onMailFailure("order_refunded"),
  },
  sendMailOf("order_refunded"),
);
