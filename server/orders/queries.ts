import { and, asc, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { fulfillmentStatuses } from "@/server/vocabulary/fulfillment";
import type { OrderStatus } from "@/server/vocabulary/orders";
import type { PaymentStatus } from "@/server/vocabulary/payments";
import type { ShipmentStatus } from "@/server/vocabulary/shipping";
import type { DbOrTx } from "@/db/client";
import {
  fulfillments,
  orderItems,
  orderStatusHistory,
  orders,
  payments,
  paymentStatusHistory,
  shipments,
  type Order,
  type ShippingAddress,
} from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { declineMessage, refundSummary } from "@/server/payments";
import { fulfillmentAllowsCustomerCancel } from "./cancel-window";
import type { CustomerOrderSummary } from "./customer-view";

export type OrderDetail = Order & {
  /**
   * The latest payment attempt, if any (`attempt` 1, 2, ... after declines), with a
   * customer-facing message when it failed and the card's brand and last four digits.
   */
  payment: { status: PaymentStatus; message: string | null; attempt: number; card: { brand: string; last4: string } | null } | null;
  /** `cancelled`: units the warehouse could not ship (short pick), refunded. */
  items: { sku: string; name: string; quantity: number; cancelled: number; unitPrice: string; lineTotal: string }[];
  history: { fromStatus: OrderStatus | null; toStatus: OrderStatus; reason: string; createdAt: Date }[];
  /** Parcels with a tracking number (one per shipping warehouse). */
  shipments: { carrier: string; trackingNumber: string; status: ShipmentStatus; shippedAt: Date | null; deliveredAt: Date | null }[];
  /** What happened to the money, oldest first, over every payment attempt: authorized, captured, refunded, … */
  paymentHistory: { status: PaymentStatus; createdAt: Date }[];
  /** A warehouse has started on the order (picking or later): the customer can no longer cancel it. */
  fulfillmentStarted: boolean;
  /** What has been refunded so far (short picks, returns, a cancel) and the total less it. */
  refundedTotal: string;
  netPaid: string;
};

/** Fulfillment statuses past the point where a customer may cancel. */
const startedFulfillments = fulfillmentStatuses.filter((s) => !fulfillmentAllowsCustomerCancel(s));

const notFound = () => new DomainError("NOT_FOUND", "We couldn't find that order.");

async function withDetails(db: DbOrTx, order: Order): Promise<OrderDetail> {
  const [items, history, [payment], parcels, paymentHistory, [started], refunded] = await Promise.all([
    db
      .select({
        sku: orderItems.sku,
        name: orderItems.name,
        quantity: orderItems.quantity,
        cancelled: sql<number>`(select coalesce(sum(fi.cancelled_quantity), 0) from fulfillment_items fi where fi.order_item_id = order_items.id)::int`,
        unitPrice: orderItems.unitPrice,
        lineTotal: orderItems.lineTotal,
      })
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.name)),
    db
      .select({ fromStatus: orderStatusHistory.fromStatus, toStatus: orderStatusHistory.toStatus, reason: orderStatusHistory.reason, createdAt: orderStatusHistory.createdAt })
      .from(orderStatusHistory)
      .where(eq(orderStatusHistory.orderId, order.id))
      .orderBy(asc(orderStatusHistory.createdAt)),
    db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(desc(payments.attempt)).limit(1),
    db
      .select({ carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, status: shipments.status, shippedAt: shipments.shippedAt, deliveredAt: shipments.deliveredAt })
      .from(shipments)
      .where(and(eq(shipments.orderId, order.id), sql`${shipments.trackingNumber} is not null`, sql`${shipments.status} <> 'cancelled'`))
      .orderBy(asc(shipments.createdAt)),
    db
      .select({ status: paymentStatusHistory.toStatus, createdAt: paymentStatusHistory.createdAt })
      .from(paymentStatusHistory)
      .innerJoin(payments, eq(payments.id, paymentStatusHistory.paymentId))
      .where(and(eq(payments.orderId, order.id), notInArray(paymentStatusHistory.toStatus, ["pending", "processing"])))
      .orderBy(asc(paymentStatusHistory.createdAt), asc(payments.attempt)),
    db
      .select({ id: fulfillments.id })
      .from(fulfillments)
      .where(and(eq(fulfillments.orderId, order.id), inArray(fulfillments.status, startedFulfillments)))
      .limit(1),
    refundSummary(db, order),
  ]);
  return {
    ...order,
    refundedTotal: refunded.refunded,
    netPaid: refunded.netPaid,
    items,
    history,
    shipments: parcels.map((p) => ({ ...p, trackingNumber: p.trackingNumber! })),
    paymentHistory,
    fulfillmentStarted: started !== undefined,
    payment: payment
      ? {
          status: payment.status,
          message: payment.status === "failed" ? declineMessage(payment.lastError) : null,
          attempt: payment.attempt,
          card: payment.cardBrand && payment.cardLast4 ? { brand: payment.cardBrand, last4: payment.cardLast4 } : null,
        }
      : null,
  };
}

/** A customer's own order; anybody else's is "not found", never "forbidden" (no probing). */
export async function customerOrder(db: DbOrTx, customerId: string, number: string): Promise<OrderDetail> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.number, number.trim().toUpperCase()), eq(orders.customerId, customerId)))
    .limit(1);
  if (!order) throw notFound();
  return withDetails(db, order);
}

/** Guest lookup: the order number and the email it was placed with must both match. */
export async function orderByNumberAndEmail(db: DbOrTx, number: string, email: string): Promise<OrderDetail> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.number, number.trim().toUpperCase()), sql`lower(${orders.email}) = ${email.trim().toLowerCase()}`))
    .limit(1);
  if (!order) throw notFound();
  return withDetails(db, order);
}

/** The order a guest just placed in this browser (its cart token placed it). */
export async function guestOrder(db: DbOrTx, guestTokenHash: string, number: string): Promise<OrderDetail> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.number, number.trim().toUpperCase()), eq(orders.guestTokenHash, guestTokenHash)))
    .limit(1);
  if (!order) throw notFound();
  return withDetails(db, order);
}

/** "My orders": a customer's orders, newest first, as the shop shows them. */
export async function customerOrders(db: DbOrTx, customerId: string): Promise<CustomerOrderSummary[]> {
  const list = await db.select().from(orders).where(eq(orders.customerId, customerId)).orderBy(desc(orders.createdAt)).limit(100);
  if (list.length === 0) return [];
  const history = await db
    .select({ orderId: orderStatusHistory.orderId, toStatus: orderStatusHistory.toStatus, reason: orderStatusHistory.reason, createdAt: orderStatusHistory.createdAt })
    .from(orderStatusHistory)
    .where(inArray(orderStatusHistory.orderId, list.map((o) => o.id)))
    .orderBy(asc(orderStatusHistory.createdAt));
  return list.map((o) => ({
    number: o.number,
    status: o.status,
    paymentMethod: o.paymentMethod,
    total: o.total,
    currency: o.currency,
    createdAt: o.createdAt,
    history: history.filter((h) => h.orderId === o.id).map(({ orderId: _o, ...h }) => h),
  }));
}

/** Where a customer's most recent order went (whatever became of it), to prefill the next checkout; null before their first order. */
export async function lastShippingAddress(db: DbOrTx, customerId: string): Promise<ShippingAddress | null> {
  const [last] = await db
    .select({ address: orders.shippingAddress })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.createdAt), desc(orders.number))
    .limit(1);
  return last?.address ?? null;
}
