import "server-only";

/** The fulfillment module's public API: other modules import only this file. */
export { allocate, distanceKm } from "./allocate";
export { capacityToday } from "./capacity";
export { createFulfillments } from "./create";
export { clearAttention, countPickAttempt, flagSlaBreachedFulfillments, type SlaBreach } from "./flags";
export { unitsToShipSql } from "./items";
export { managedWarehouse } from "./managed-warehouse";
export { addMovedLine, createMoveFulfillment, markUnitsMoved, setCancelledUnits } from "./moved-units";
export { auditPack, closeBox, openForPacking, packQueue, packView, recordQc, scanPackItem, type CloseBoxInput, type PackItem, type PackView } from "./packing";
export { listFulfillments, type FulfillmentRow } from "./queries";
export { cancelFulfillments, moveFulfillments, transitionFulfillment } from "./status";
