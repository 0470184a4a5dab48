import "server-only";

/** The inventory module's public API: other modules import only this file. */
export { commitShippedStock } from "./commit";
export { MAX_ADJUSTMENT, MAX_THRESHOLD, adjustStock, listLevels, setLowStockThreshold, skuLedger, type LevelCursor, type LevelRow } from "./levels";
export { checkLowStock } from "./low-stock";
export { warehouseSummaries, type WarehouseSummary } from "./overview";
export { confirmReservations, extendActiveReservations, releaseReservations, reservationDrift, reserveConfirmedUnits, reserveStock, stockForProducts } from "./reservations";
export { restockReturnedUnits } from "./restock";
export { importStock, type StockChange } from "./stock-import";
export { STUCK_GRACE_MINUTES, checkStuckReservations, commitStuckReservation, recheckDrift, releaseStuckReservation, stuckReservations, type ReservationActionResult, type ReservationDrift, type StuckReason, type StuckReservation } from "./stuck";
export { writeOffReservedUnits } from "./write-off";
