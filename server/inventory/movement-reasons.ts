/** Why stock moved, as written to `inventory_ledger.reason`, with how the console says it. */
export const stockMovementLabels = {
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
} as const;

export type StockMovementReason = keyof typeof stockMovementLabels;
