export const orderStatuses = [
  "pending_payment",
  "confirmed",
  "processing",
  "partially_shipped",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** An order's status as people read it. */
export const orderStatusLabels: Record<OrderStatus, string> = {
  pending_payment: "Awaiting payment",
  confirmed: "Confirmed",
  processing: "Processing",
  partially_shipped: "Partially shipped",
  shipped: "Shipped",
  delivered: "Delivered",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const paymentMethods = ["card", "cod"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
