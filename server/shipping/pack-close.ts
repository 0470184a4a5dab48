import type { Db, Tx } from "@/db/client";
import { auditPack, closeBox, type CloseBoxInput } from "@/server/fulfillment";
import { transaction } from "@/db/transaction";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { createShipment } from "./create";
import { requestLabel } from "./labels";

/** Closes the box (server/fulfillment/packing.ts) and makes its shipment, which waits for a label. */
export async function completePacking(tx: Tx, input: CloseBoxInput, user: SessionUser): Promise<{ shipmentId: string }> {
  const { fulfillment, reason } = await closeBox(tx, input, user);
  const shipment = await createShipment(tx, { fulfillmentId: fulfillment.id, boxCode: input.boxCode, weightGrams: input.weightGrams, actor: `user:${user.id}` });
  await auditPack(tx, user, "pack.close", fulfillment, reason, { shipmentId: shipment.id, box: input.boxCode.toUpperCase(), weightGrams: input.weightGrams });
  return { shipmentId: shipment.id };
}

/**
 * Closes the box, then asks the carrier for the label once that has committed. A carrier
 * failure leaves the parcel packed and in the manual shipping queue: packing never waits on
 * the carrier (SHIP-P0-01).
 */
export async function closeBoxAndLabel(db: Db, input: CloseBoxInput, user: SessionUser) {
  const { shipmentId } = await transaction((tx) => completePacking(tx, input, user), db);
  const label = await requestLabel(db, shipmentId, `user:${user.id}`);
  return {
    shipmentId,
    label: label.status,
    trackingNumber: label.shipment.trackingNumber,
    error: label.status === "manual" ? label.error : null,
  };
}
