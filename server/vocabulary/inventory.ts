export const reservationStatuses = ["active", "confirmed", "released", "expired", "committed"] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

/** Why stock moved, as written to `inventory_ledger.reason` (a PostgreSQL enum of this list). */
export const stockMovementReasons = [
  "reserved",
  "reservation_released",
  "reservation_expired",
  "shipped",
  "short_pick_write_off",
  "adjustment",
  "drift_correction",
  "return_restock",
  "initial_stock",
  "test_stock",
  // Written by the benchmarks in bench/ straight in SQL, beside the stock they set up and undo.
  "bench_restock",
  "bench_reference",
  "bench_reference_undo",
] as const;
export type StockMovementReason = (typeof stockMovementReasons)[number];

/** How the console says a ledger reason ("Reserved for an order"). */
export const stockMovementLabels: Record<StockMovementReason, string> = {
  reserved: "Reserved for an order",
  reservation_released: "Reservation released",
  reservation_expired: "Reservation expired",
  shipped: "Shipped",
  short_pick_write_off: "Short pick written off",
  adjustment: "Adjustment",
  drift_correction: "Drift correction",
  return_restock: "Returned to stock",
  initial_stock: "Initial stock",
  test_stock: "Initial stock",
  bench_restock: "bench restock",
  bench_reference: "bench reference",
  bench_reference_undo: "bench reference undo",
};
