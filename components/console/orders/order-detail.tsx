"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FulfillmentStatusBadge } from "@/components/console/fulfillment-status";
import { ShipmentStatusBadge } from "@/components/console/shipping/shipment-status";
import { errorInfo } from "@/components/ui/trpc-error";
import { StatusBadge } from "@/components/shop/order-status";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { formatMoney } from "@/server/vocabulary/money";
import type { RefundKind } from "@/server/vocabulary/payments";
import { brandLabel } from "@/server/payments/shared";
import { OrderActions } from "./order-actions";
import { OrderTimelineList } from "./order-timeline";

const REFRESH_MS = 10_000;

const refundKind: Record<RefundKind, string> = { short_pick: "short pick", return: "return", cancel: "order cancelled" };

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5">
      <dt className="text-slate-600">{term}</dt>
      <dd className="text-right text-slate-900">{children}</dd>
    </div>
  );
}

/** One order for ops: what it is, what can be done to it, and everything that happened to it. */
export function OrderDetail({ number }: { number: string }) {
  const trpc = useTRPC();
  const timeline = useQuery({ ...trpc.opsOrders.timeline.queryOptions({ number }), refetchInterval: REFRESH_MS });
  const back = (
    <Link href="/console/orders" className="text-sm text-brand-700 hover:underline">
      ← Back to orders
    </Link>
  );
  if (timeline.isPending) {
    return (
      <>
        <PageHeader title={`Order ${number}`} actions={back} />
        <p className="text-sm text-slate-600">Loading the order…</p>
      </>
    );
  }
  if (timeline.isError) {
    return (
      <>
        <PageHeader title={`Order ${number}`} actions={back} />
        <Alert tone="error">{errorInfo(timeline.error).message}</Alert>
      </>
    );
  }
  const { order, entries, counts } = timeline.data;
  const money = (v: string) => formatMoney(v, order.currency);
  return (
    <>
      <PageHeader
        title={`Order ${order.number}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={order.status} />
            <span>
              {order.name} · {order.email} · placed <DateTime value={order.createdAt} />
            </span>
          </span>
        }
        actions={back}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <div className="space-y-6">
          <Card aria-labelledby="order-summary-heading">
            <h2 id="order-summary-heading" className="mb-2 text-base font-semibold text-slate-900">
              Summary
            </h2>
            <dl className="divide-y divide-slate-100 text-sm">
              <Row term="Status">
                <StatusBadge status={order.status} />
              </Row>
              <Row term="Payment">{order.paymentMethod === "cod" ? "Cash on delivery" : "Card"}</Row>
              <Row term="Subtotal">{money(order.subtotal)}</Row>
              {order.discountTotal !== "0.0000" && <Row term="Discount">−{money(order.discountTotal)}</Row>}
              <Row term="Shipping">{money(order.shippingTotal)}</Row>
              <Row term="Tax">{money(order.taxTotal)}</Row>
              <Row term="Total">
                <span className="font-semibold">{money(order.total)}</span>
              </Row>
              {order.refunds.length > 0 && (
                <>
                  <Row term="Refunded">
                    <span data-testid="order-refunded">−{money(order.refundedTotal)}</span>
                  </Row>
                  <Row term="Net paid">
                    <span className="font-semibold" data-testid="order-net-paid">
                      {money(order.netPaid)}
                    </span>
                  </Row>
                </>
              )}
              {order.promotionCodes.length > 0 && <Row term="Codes">{order.promotionCodes.join(", ")}</Row>}
            </dl>
            <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-900">Items</h3>
            <ul className="divide-y divide-slate-100 text-sm" aria-label="Items">
              {order.items.map((i) => (
                <li key={i.sku} className="flex justify-between gap-3 py-1.5">
                  <span>
                    {i.quantity} × {i.name} <span className="font-mono text-xs text-slate-500">{i.sku}</span>
                  </span>
                  <span className="tabular-nums">{money(i.lineTotal)}</span>
                </li>
              ))}
            </ul>
            {(order.payments.length > 0 || order.refunds.length > 0 || order.fulfillments.length > 0 || order.shipments.length > 0) && (
              <>
                <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-900">Payments, fulfillments, parcels</h3>
                <ul className="space-y-1.5 text-sm">
                  {order.payments.map((p) => (
                    <li key={p.id} className="flex items-center justify-between gap-2">
                      <span>
                        Payment {p.attempt} ({p.provider}) {money(p.amount)}
                        {p.cardLast4 && ` · ${brandLabel(p.cardBrand ?? "")} •••• ${p.cardLast4}`}
                      </span>
                      <Badge>{p.status.replaceAll("_", " ")}</Badge>
                    </li>
                  ))}
                  {order.refunds.map((r, i) => (
                    <li key={`refund-${i}`} className="flex items-center justify-between gap-2">
                      <span>Refund ({refundKind[r.kind]})</span>
                      <span className="tabular-nums">−{money(r.amount)}</span>
                    </li>
                  ))}
                  {order.fulfillments.map((f) => (
                    <li key={f.id} className="flex items-center justify-between gap-2">
                      <span>Fulfillment {f.warehouse}</span>
                      <FulfillmentStatusBadge status={f.status} />
                    </li>
                  ))}
                  {order.shipments.map((s) => (
                    <li key={s.id} className="flex items-center justify-between gap-2">
                      <span>
                        Parcel {s.carrier} <span className="font-mono text-xs">{s.trackingNumber ?? "no label yet"}</span>
                      </span>
                      <ShipmentStatusBadge status={s.status} />
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
          <OrderActions order={order} />
        </div>
        <OrderTimelineList entries={entries} counts={counts} />
      </div>
    </>
  );
}
