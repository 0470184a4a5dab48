import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import type { CustomerOrderView } from "@/server/orders";
import { shippingMethods, type ShippingMethod } from "@/server/checkout/shared";
import { Money } from "./money";
import { StatusBadge, StatusHistory } from "./order-status";
import { cardLabel, PaymentBadge, PaymentFailure, PaymentHistory } from "./payment-status";
import { Totals } from "./totals";

/** An order as its customer sees it: confirmation page, guest lookup. */
const parcelStatus: Record<CustomerOrderView["shipments"][number]["status"], string> = {
  label_pending: "label being made",
  manual: "label being made",
  labelled: "packed, waiting for pickup",
  shipped: "handed to the carrier",
  in_transit: "on its way",
  delivered: "delivered",
  exception: "delayed — the carrier reported a problem",
  cancelled: "cancelled",
};

export function OrderDetails({
  order,
  confirmation,
  holdMinutes,
  headingLevel = "h1",
}: {
  order: CustomerOrderView;
  confirmation: boolean;
  holdMinutes?: number;
  headingLevel?: "h1" | "h2";
}) {
  const Heading = headingLevel;
  const a = order.shippingAddress;
  const method = shippingMethods[order.shippingMethod as ShippingMethod]?.label ?? order.shippingMethod;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        {confirmation ? (
          <Heading className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
            Thank you! Your order {order.number} is placed.
          </Heading>
        ) : (
          <Heading className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Order {order.number}</Heading>
        )}
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <StatusBadge status={order.status} paymentMethod={order.paymentMethod} />
          <PaymentBadge order={order} />
          <span>
            Placed <DateTime value={order.createdAt} />
          </span>
          <span aria-hidden="true">·</span>
          {/* No order email is sent (cancelled or not), so the page does not claim one. */}
          <span>Ordered with {order.email}</span>
        </p>
      </div>

      <PaymentFailure order={order} />

      {order.status === "pending_payment" && order.payment?.status !== "failed" && (
        <Alert tone="info" title="Your items are reserved">
          {order.paymentMethod === "cod"
            ? "We're holding your items while we confirm your order"
            : `We're holding your items for ${holdMinutes ?? 30} minutes while payment is processed`}
          {order.reservationExpiresAt && (
            <>
              {" "}
              (until <DateTime value={order.reservationExpiresAt} />)
            </>
          )}
          .{" "}
          {order.paymentMethod === "cod"
            ? "Cash-on-delivery orders are confirmed within a minute or so; you pay when your order arrives."
            : order.payment
              ? "Your order is confirmed as soon as your card's authorization comes through; this page updates on its own."
              : "Nothing is charged until your card is authorized."}
        </Alert>
      )}

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card padded={false}>
          <h2 className="border-b border-slate-200 px-5 py-3 font-semibold text-slate-900">Items</h2>
          <ul className="divide-y divide-slate-100">
            {order.items.map((item) => (
              <li key={item.sku} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{item.name}</p>
                  <p className="text-slate-500">
                    {item.quantity} × <Money value={item.unitPrice} currency={order.currency} />
                  </p>
                  {item.cancelled > 0 && (
                    <p className="text-amber-700">
                      {item.cancelled === item.quantity ? "Couldn't be shipped" : `${item.cancelled} couldn't be shipped`}: refunded
                    </p>
                  )}
                </div>
                <Money value={item.lineTotal} currency={order.currency} className="font-medium tabular-nums text-slate-900" />
              </li>
            ))}
          </ul>
          <div className="border-t border-slate-200 px-5 py-4">
            <Totals
              totals={{ subtotal: order.subtotal, discount: order.discountTotal, shipping: order.shippingTotal, tax: order.taxTotal, total: order.total }}
              currency={order.currency}
              codes={order.promotionCodes}
              refunds={{ refunded: order.refundedTotal, netPaid: order.netPaid }}
            />
          </div>
        </Card>

        <div className="space-y-6">
          <Card>
            <h2 className="font-semibold text-slate-900">Shipping to</h2>
            <address className="mt-2 text-sm not-italic leading-6 text-slate-700">
              {a.name}
              <br />
              {a.line1}
              {a.line2 && (
                <>
                  <br />
                  {a.line2}
                </>
              )}
              <br />
              {a.city}, {a.region} {a.postalCode}
              <br />
              United States
              {a.phone && (
                <>
                  <br />
                  {a.phone}
                </>
              )}
            </address>
            <p className="mt-3 text-sm text-slate-600">{method}</p>
          </Card>
          <Card>
            <h2 className="font-semibold text-slate-900">Payment</h2>
            <p className="mt-2 text-sm text-slate-700">
              {order.paymentMethod === "cod" ? "Cash on delivery" : order.payment?.card ? cardLabel(order.payment.card) : "Card"}
            </p>
          </Card>
          {order.shipments.length > 0 && (
            <Card>
              <h2 className="font-semibold text-slate-900">{order.shipments.length === 1 ? "Parcel" : `${order.shipments.length} parcels`}</h2>
              <ul className="mt-2 space-y-2 text-sm text-slate-700">
                {order.shipments.map((s) => (
                  <li key={s.trackingNumber}>
                    <span className="font-mono">{s.trackingNumber}</span> ({s.carrier}): {parcelStatus[s.status]}
                  </li>
                ))}
              </ul>
            </Card>
          )}
          {order.paymentHistory.length > 0 && (
            <Card>
              <h2 className="mb-3 font-semibold text-slate-900">Payment history</h2>
              <PaymentHistory history={order.paymentHistory} />
            </Card>
          )}
          <Card>
            <h2 className="mb-3 font-semibold text-slate-900">Status history</h2>
            <StatusHistory history={order.history} paymentMethod={order.paymentMethod} />
          </Card>
        </div>
      </div>

      <p className="text-sm text-slate-600">
        <Link href="/products" className="font-medium text-brand-600 hover:underline">
          Continue shopping
        </Link>
      </p>
    </div>
  );
}
