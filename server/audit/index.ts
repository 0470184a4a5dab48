import "server-only";

/** The audit module's public API: other modules import only this file. */
export { compensationLabel, fulfillmentLabel, reservationLabel, shipmentLabel, stockLabel } from "./labels";
export { recordAudit } from "./record";
export { searchAudit, type AuditRow } from "./search";
