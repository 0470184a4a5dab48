import type { OrderStatus } from "@/server/vocabulary/orders";
import type { PaymentStatus } from "@/server/vocabulary/payments";
import type { ShipmentStatus } from "@/server/vocabulary/shipping";
import type { Order, ShippingAddress } from "@/db/schema";
import { customerCancellableUntil } from "./cancel-window";
import type { OrderDetail } from "./queries";

/**
 * An order as its buyer sees it (order page, guest lookup): only what the shop shows. Every
 * field is picked by name, so a new column of `orders` never reaches a customer by default;
 * internal ids, the guest token hash, the idempotency key and the version stay on the server.
 * The order number is the handle.
 */
export type CustomerOrderView = {
  number: string;
  status: OrderStatus;
  paymentMethod: Order["paymentMethod"];
  email: string;
  createdAt: Date;
  /** While unpaid: when the held stock is released. */
  reservationExpiresAt: Date | null;
  currency: string;
  subtotal: string;
  discountTotal: string;
  shippingTotal: string;
  taxTotal: string;
  total: string;
  /** Refunded so far (units' tax and discount shares included), and the total less it. */
  refundedTotal: string;
  netPaid: string;
  promotionCodes: string[];
  shippingMethod: string;
  shippingAddress: ShippingAddress;
  /** The latest payment attempt (1, 2, ...), with a customer-facing message when it failed, and its card. */
  payment: { status: PaymentStatus; message: string | null; attempt: number; card: { brand: string; last4: string } | null } | null;
  /** The money's story, oldest first: authorized, captured, refunded, released, failed. */
  paymentHistory: { status: PaymentStatus; createdAt: Date }[];
  /** Until when "Cancel order" works; null once the customer can no longer cancel. */
  cancellableUntil: Date | null;
  /** `cancelled`: units the warehouse could not ship (short pick), refunded. */
  items: { sku: string; name: string; quantity: number; cancelled: number; unitPrice: string; lineTotal: string }[];
  history: { toStatus: OrderStatus; reason: string; createdAt: Date }[];
  /** Parcels with a tracking number. */
  shipments: { carrier: string; trackingNumber: string; status: ShipmentStatus }[];
};

export function toCustomerOrderView(order: OrderDetail, policy: { cancellationWindowMinutes: number }): CustomerOrderView {
  return {
    number: order.number,
    status: order.status,
    paymentMethod: order.paymentMethod,
    email: order.email,
    createdAt: order.createdAt,
    reservationExpiresAt: order.reservationExpiresAt,
    currency: order.currency,
    subtotal: order.subtotal,
    discountTotal: order.discountTotal,
    shippingTotal: order.shippingTotal,
    taxTotal: order.taxTotal,
    total: order.total,
    refundedTotal: order.refundedTotal,
    netPaid: order.netPaid,
    promotionCodes: order.promotionCodes,
    shippingMethod: order.shippingMethod,
    shippingAddress: toAddress(order.shippingAddress),
    payment: order.payment
      ? {
          status: order.payment.status,
          message: order.payment.message,
          attempt: order.payment.attempt,
          card: order.payment.card ? { brand: order.payment.card.brand, last4: order.payment.card.last4 } : null,
        }
      : null,
    paymentHistory: order.paymentHistory.map((p) => ({ status: p.status, createdAt: p.createdAt })),
    cancellableUntil: customerCancellableUntil(order, policy.cancellationWindowMinutes),
    items: order.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, cancelled: i.cancelled, unitPrice: i.unitPrice, lineTotal: i.lineTotal })),
    history: order.history.map((h) => ({ toStatus: h.toStatus, reason: h.reason, createdAt: h.createdAt })),
    shipments: order.shipments.map((s) => ({ carrier: s.carrier, trackingNumber: s.trackingNumber, status: s.status })),
  };
}

/** The address as the customer typed it: a JSON column, so only its known fields go back. */
function toAddress(a: ShippingAddress): ShippingAddress {
  return {
    name: a.name,
    line1: a.line1,
    ...(a.line2 ? { line2: a.line2 } : {}),
    city: a.city,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country,
    ...(a.phone ? { phone: a.phone } : {}),
  };
}

/** One line of "My orders". */
export type CustomerOrderSummary = Pick<CustomerOrderView, "number" | "status" | "paymentMethod" | "total" | "currency" | "createdAt" | "history">;
