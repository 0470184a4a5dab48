import type { Db } from "@/db/client";
import type { FailedCompensation } from "@/db/schema";
import { tryCompensation, type RetryOptions, type RetryOutcome } from "@/server/compensations";
import { releaseReservations } from "@/server/inventory";
import { transaction } from "@/db/transaction";
import { captureAuthorization, refundCancelledUnits, refundCapture, voidAuthorization } from "@/server/payments";
import type { PaymentGateway } from "@/server/payments";
import { resendFailedMail } from "@/server/mail";
import { refundReturn, restockReturn } from "@/server/returns";
import { retryLabelVoid, carrier } from "@/server/shipping";

/** Runs one compensation's operation through the module that owns it; each is idempotent (keys, guarded rows). */
async function perform(db: Db, gateway: PaymentGateway, row: FailedCompensation): Promise<void> {
  const meta = row.metadata as { intentId?: string; paymentId?: string; fulfillmentItemId?: string; returnId?: string };
  switch (row.operation) {
    case "void_authorization":
      return voidAuthorization(gateway, String(meta.intentId));
    case "refund":
      if (meta.returnId) {
        // A received return's refund (refund:<intent>:return:<id>), or its cash / exchange settlement.
        await refundReturn(db, gateway, meta.returnId);
        return;
      }
      if (meta.fulfillmentItemId) {
        await refundCancelledUnits(db, gateway, meta.fulfillmentItemId);
        return;
      }
      await refundCapture(db, gateway, String(meta.paymentId), String(meta.intentId));
      return;
    case "payment_capture":
      await captureAuthorization(gateway, String(meta.intentId));
      return;
    case "release_reservations":
      await transaction((tx) => releaseReservations(tx, row.orderId!, "released"), db);
      return;
    case "cancel_shipment":
      // The label of a cancelled order's shipment (or an unwanted one), voided with its key cancel-label:<shipment id>.
      return retryLabelVoid(db, carrier(), row.metadata);
    case "restock":
      if (meta.returnId) {
        // A received return's sellable units back on hand, each item once (guarded on restocked_at).
        await transaction((tx) => restockReturn(tx, String(meta.returnId)), db);
        return;
      }
      throw new Error("no automatic retry for a restock without a returnId");
    case "send_mail":
      // The mail of metadata's event, written once under its key and sent unless it already was.
      await resendFailedMail(db, row.metadata, `compensation:${row.id}`);
      return;
    default:
      throw new Error(`no automatic retry for ${row.operation} yet`);
  }
}

/** Retries one failed compensation now: the claim and bookkeeping of server/compensations, the operation above. */
export function retryCompensation(db: Db, gateway: PaymentGateway, id: string, options: RetryOptions = {}): Promise<RetryOutcome | "not_due"> {
  return tryCompensation(db, id, (row) => perform(db, gateway, row), options);
}
