import "server-only";

/** The shipping module's public API: other modules import only this file. */
export { autoCompleteOrders } from "./auto-complete";
export { cancelShipmentsOfOrder, reconcileCancelledShipments, recordUnvoidedLabels, retryLabelVoid, voidCancelledLabel } from "./cancel";
export { CARRIER_SIGNATURE_HEADER, CarrierSignatureError, verifyCarrierSignature } from "./carrier";
export { carrier } from "./carrier-instance";
export { shipFulfillment } from "./handover";
export { dueLabelRetries } from "./label-retry";
export { enterTrackingManually, requestLabel, retryLabel, stuckLabelShipments } from "./labels";
export { syncOrderWithShipments } from "./order-status";
export { closeBoxAndLabel } from "./pack-close";
export { manualQueue, readyToShip, recentlyShipped, shipmentLabel, type ManualQueueRow, type ShipmentRow, type ShippedRow } from "./queries";
export { simulateTracking, simulatedTrackingTypes, type SimulatedTrackingType } from "./simulate";
export { flagSlaBreaches } from "./sla";
export { shipmentView } from "./status";
export { carrierProvider, handleCarrierEvent, parseCarrierWebhook } from "./tracking";
