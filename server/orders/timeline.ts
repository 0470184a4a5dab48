import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { FulfillmentStatus } from "@/server/vocabulary/fulfillment";
import type { OrderStatus, PaymentMethod } from "@/server/vocabulary/orders";
import type { PaymentStatus } from "@/server/vocabulary/payments";
import type { ShipmentStatus } from "@/server/vocabulary/shipping";
import type { DbOrTx } from "@/db/client";
import {
  auditLog,
  compensationAttempts,
  failedCompensations,
  fulfillments,
  fulfillmentStatusHistory,
  orderItems,
  orderStatusHistory,
  orders,
  outbox,
  payments,
  paymentStatusHistory,
  reservations,
  returns,
  returnStatusHistory,
  shipmentHistory,
  shipments,
  users,
  warehouses,
} from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { refundSummary, type RefundSummary } from "@/server/payments";
import { opsCancelRefusal, overrideTargets } from "./ops-policy";

export const timelineKinds = ["audit", "status", "payment", "reservation", "fulfillment", "shipment", "return", "compensation", "event"] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/** One thing that happened to an order, from whichever table recorded it. */
export type TimelineEntry = {
  /** Unique within the timeline (React key). */
  id: string;
  at: Date;
  kind: TimelineKind;
  title: string;
  detail: string;
  /** Who did it: a staff email, "system:<job>", "guest", or the customer's email. */
  actor?: string;
  /** The row's status where it has one (an event's sent/pending/failed, a compensation's status). */
  status?: string;
  /** An outbox event's payload. */
  payload?: unknown;
};

export type OrderSummary = {
  id: string;
  number: string;
  status: OrderStatus;
  version: number;
  email: string;
  name: string;
  paymentMethod: PaymentMethod;
  currency: string;
  subtotal: string;
  discountTotal: string;
  shippingTotal: string;
  taxTotal: string;
  total: string;
  promotionCodes: string[];
  createdAt: Date;
  updatedAt: Date;
  items: { sku: string; name: string; quantity: number; unitPrice: string; lineTotal: string }[];
  payments: { id: string; attempt: number; status: PaymentStatus; amount: string; provider: string; intentId: string | null; cardBrand: string | null; cardLast4: string | null }[];
  /** Each refund paid back (short pick, return, cancel), their sum and the total less it. */
  refunds: RefundSummary["refunds"];
  refundedTotal: string;
  netPaid: string;
  fulfillments: { id: string; warehouse: string; status: FulfillmentStatus }[];
  shipments: { id: string; carrier: string; trackingNumber: string | null; status: ShipmentStatus }[];
  /** Where ops may move the order by hand (Override status). */
  nextStatuses: OrderStatus[];
  /** Why Cancel order would be refused now; null when it is allowed. */
  cancelRefusal: string | null;
};

export type OrderTimeline = { order: OrderSummary; entries: TimelineEntry[]; counts: Record<TimelineKind, number> };

const label = (s: string | null) => (s ?? "").replaceAll("_", " ");
const move = (from: string | null, to: string) => (from ? `${label(from)} → ${label(to)}` : label(to));

/** Same instant (one transaction writes many rows with one now()): the cause before its effects, the events last. */
const rank: Record<TimelineKind, number> = Object.fromEntries(timelineKinds.map((k, i) => [k, i])) as Record<TimelineKind, number>;

/**
 * Everything that happened to one order, oldest first, in one list: its status changes, the
 * outbox events of the order and of its payments, fulfillments, shipments, returns and
 * compensations (with their delivery status and payload), payment, fulfillment, shipment and
 * return status changes, reservations (made, and their last change), failed compensations with
 * every attempt, and operator actions from the audit log. Each table is read through its
 * order/parent index, a handful of round trips whatever the order (bench/ops.ts times it).
 */
export async function orderTimeline(db: DbOrTx, orderNumber: string): Promise<OrderTimeline> {
  const number = orderNumber.trim().toUpperCase();
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  if (!order) throw new DomainError("NOT_FOUND", `There is no order ${number}.`, { reason: "order_not_found" });

  const [items, history, pays, parts, parcels, holds, comps, rets, audits, refunded] = await Promise.all([
    db
      .select({ sku: orderItems.sku, name: orderItems.name, quantity: orderItems.quantity, unitPrice: orderItems.unitPrice, lineTotal: orderItems.lineTotal })
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.sku)),
    db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id)),
    db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(asc(payments.attempt)),
    db
      .select({ id: fulfillments.id, status: fulfillments.status, warehouse: warehouses.code })
      .from(fulfillments)
      .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
      .where(eq(fulfillments.orderId, order.id))
      .orderBy(asc(warehouses.code)),
    db
      .select({ id: shipments.id, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, status: shipments.status, fulfillmentId: shipments.fulfillmentId })
      .from(shipments)
      .where(eq(shipments.orderId, order.id))
      .orderBy(asc(shipments.createdAt)),
    db
      .select({
        id: reservations.id,
        quantity: reservations.quantity,
        status: reservations.status,
        createdAt: reservations.createdAt,
        updatedAt: reservations.updatedAt,
        expiresAt: reservations.expiresAt,
        sku: orderItems.sku,
        warehouse: warehouses.code,
      })
      .from(reservations)
      .innerJoin(orderItems, eq(orderItems.id, reservations.orderItemId))
      .innerJoin(warehouses, eq(warehouses.id, reservations.warehouseId))
      .where(eq(reservations.orderId, order.id)),
    db.select().from(failedCompensations).where(eq(failedCompensations.orderId, order.id)),
    db.select({ id: returns.id, number: returns.number }).from(returns).where(eq(returns.orderId, order.id)),
    db.select().from(auditLog).where(eq(auditLog.orderId, order.id)),
    refundSummary(db, order),
  ]);

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  const aggregates: [string, string[]][] = [
    ["order", [order.id]],
    ["payment", ids(pays)],
    ["fulfillment", ids(parts)],
    ["shipment", ids(parcels)],
    ["return", ids(rets)],
    ["compensation", ids(comps)],
  ];
  const byAggregate = aggregates
    .filter(([, list]) => list.length > 0)
    .map(([type, list]): SQL => and(eq(outbox.aggregateType, type), inArray(outbox.aggregateId, list))!);

  const [payHistory, partHistory, parcelHistory, attempts, returnHistory, events] = await Promise.all([
    pays.length ? db.select().from(paymentStatusHistory).where(inArray(paymentStatusHistory.paymentId, ids(pays))) : [],
    parts.length ? db.select().from(fulfillmentStatusHistory).where(inArray(fulfillmentStatusHistory.fulfillmentId, ids(parts))) : [],
    parcels.length ? db.select().from(shipmentHistory).where(inArray(shipmentHistory.shipmentId, ids(parcels))) : [],
    comps.length ? db.select().from(compensationAttempts).where(inArray(compensationAttempts.compensationId, ids(comps))) : [],
    rets.length ? db.select().from(returnStatusHistory).where(inArray(returnStatusHistory.returnId, ids(rets))) : [],
    db
      .select({
        id: outbox.id,
        position: outbox.position,
        aggregateType: outbox.aggregateType,
        aggregateId: outbox.aggregateId,
        sequence: outbox.sequence,
        name: outbox.name,
        payload: outbox.payload,
        status: outbox.status,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
      })
      .from(outbox)
      .where(or(...byAggregate))
      .orderBy(asc(outbox.position)),
  ]);

  // Actors recorded as user:<id> are shown by email.
  const userIds = new Set<string>();
  const USER = /^user:([0-9a-f-]{36})$/i;
  for (const a of [...history, ...partHistory, ...parcelHistory, ...returnHistory].map((h) => h.actor)) {
    const m = USER.exec(a);
    if (m) userIds.add(m[1]!);
  }
  for (const c of comps) if (c.discardedBy) userIds.add(c.discardedBy);
  for (const a of attempts) if (a.actorId) userIds.add(a.actorId);
  const people = userIds.size ? await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [...userIds])) : [];
  const emails = new Map(people.map((p) => [p.id, p.email]));
  const actorName = (actor: string) => {
    const m = USER.exec(actor);
    return m ? (emails.get(m[1]!) ?? actor) : actor;
  };

  const warehouseOf = new Map(parts.map((f) => [f.id, f.warehouse]));
  const shipmentLabel = new Map(parcels.map((s) => [s.id, `${s.carrier}${s.trackingNumber ? ` ${s.trackingNumber}` : ""} (${warehouseOf.get(s.fulfillmentId) ?? "?"})`]));
  const paymentLabel = new Map(pays.map((p) => [p.id, `payment ${p.attempt} (${p.provider})`]));
  const returnNumber = new Map(rets.map((r) => [r.id, r.number]));

  const entries: TimelineEntry[] = [];
  for (const h of history) {
    entries.push({ id: `status:${h.id}`, at: h.createdAt, kind: "status", title: `Order ${move(h.fromStatus, h.toStatus)}`, detail: h.reason, actor: actorName(h.actor) });
  }
  for (const h of payHistory) {
    entries.push({
      id: `payment:${h.id}`,
      at: h.createdAt,
      kind: "payment",
      title: `Payment ${move(h.fromStatus, h.toStatus)}`,
      detail: `${paymentLabel.get(h.paymentId) ?? "payment"}: ${h.reason}`,
    });
  }
  for (const r of holds) {
    const what = `${r.quantity} × ${r.sku} in ${r.warehouse}`;
    entries.push({
      id: `reservation:${r.id}:made`,
      at: r.createdAt,
      kind: "reservation",
      title: `Reserved ${what}`,
      detail: r.expiresAt ? `held until ${r.expiresAt.toISOString()} unless paid` : "held for the order",
      status: "active",
    });
    if (r.status !== "active" || r.updatedAt.getTime() !== r.createdAt.getTime()) {
      entries.push({
        id: `reservation:${r.id}:changed`,
        at: r.updatedAt,
        kind: "reservation",
        title: `Reservation ${label(r.status)}: ${what}`,
        detail: "the reservation's latest change",
        status: r.status,
      });
    }
  }
  for (const h of partHistory) {
    entries.push({
      id: `fulfillment:${h.id}`,
      at: h.createdAt,
      kind: "fulfillment",
      title: `Fulfillment ${warehouseOf.get(h.fulfillmentId) ?? ""} ${move(h.fromStatus, h.toStatus)}`.replace("  ", " "),
      detail: h.reason,
      actor: actorName(h.actor),
    });
  }
  for (const h of parcelHistory) {
    entries.push({
      id: `shipment:${h.id}`,
      at: h.createdAt,
      kind: "shipment",
      title: `Shipment ${move(h.fromStatus, h.toStatus)}`,
      detail: `${shipmentLabel.get(h.shipmentId) ?? "shipment"}: ${h.reason}`,
      actor: actorName(h.actor),
    });
  }
  for (const h of returnHistory) {
    entries.push({
      id: `return:${h.id}`,
      at: h.createdAt,
      kind: "return",
      title: `Return ${returnNumber.get(h.returnId) ?? ""} ${move(h.fromStatus, h.toStatus)}`.replace("  ", " "),
      detail: h.reason,
      actor: h.actorId ? (emails.get(h.actorId) ?? actorName(h.actor)) : actorName(h.actor),
    });
  }
  for (const c of comps) {
    const op = label(c.operation);
    entries.push({
      id: `compensation:${c.id}`,
      at: c.createdAt,
      kind: "compensation",
      title: `Compensation failed: ${op}`,
      detail: `${c.lastError} (${c.attempts} attempt${c.attempts === 1 ? "" : "s"} so far, now ${label(c.status)})`,
      status: c.status,
      payload: c.metadata,
    });
    if (c.status === "resolved" || c.status === "discarded" || c.status === "exhausted") {
      entries.push({
        id: `compensation:${c.id}:${c.status}`,
        at: c.updatedAt,
        kind: "compensation",
        title: `Compensation ${label(c.status)}: ${op}`,
        detail: c.status === "discarded" ? `discarded: ${c.discardReason ?? ""}` : c.status === "exhausted" ? `gave up after ${c.attempts} attempts: ${c.lastError}` : "the compensation went through",
        actor: c.discardedBy ? (emails.get(c.discardedBy) ?? undefined) : undefined,
        status: c.status,
      });
    }
  }
  for (const a of attempts) {
    const comp = comps.find((c) => c.id === a.compensationId);
    entries.push({
      id: `attempt:${a.id}`,
      at: a.createdAt,
      kind: "compensation",
      title: `Compensation attempt ${a.attempt} (${a.trigger}): ${label(a.outcome)}`,
      detail: `${label(comp?.operation ?? "compensation")}${a.error ? `: ${a.error}` : ""}`,
      actor: a.actorId ? (emails.get(a.actorId) ?? undefined) : a.trigger === "cron" ? "system:compensation-retry" : undefined,
      status: a.outcome,
    });
  }
  for (const a of audits) {
    const details = Object.keys(a.details).length ? ` ${JSON.stringify(a.details)}` : "";
    // The order's own actions need no target; others name theirs as people know it (picklist P10001 · SKU, a parcel).
    const target = a.targetType !== "order" && a.targetLabel ? `On ${a.targetType.replaceAll("_", " ")} ${a.targetLabel}. ` : "";
    entries.push({
      id: `audit:${a.id.toString()}`,
      at: a.createdAt,
      kind: "audit",
      title: `Operator action: ${a.action}`,
      detail: `${target}${a.reason ? `Reason: ${a.reason}.` : ""}${details}`.trim(),
      actor: a.actorEmail,
    });
  }
  for (const e of events) {
    const where = e.aggregateType === "order" ? "" : ` (${e.aggregateType})`;
    entries.push({
      id: `event:${e.id}`,
      at: e.createdAt,
      kind: "event",
      title: `Event ${e.name} #${e.sequence}${where}: ${e.status}`,
      detail:
        e.status === "sent"
          ? `sent ${e.sentAt?.toISOString() ?? ""}`.trim()
          : e.status === "failed"
            ? `failed after ${e.attempts} attempts: ${e.lastError ?? "unknown error"}`
            : `waiting to be sent${e.attempts ? ` (${e.attempts} attempts, last error: ${e.lastError ?? "none"})` : ""}`,
      status: e.status,
      payload: e.payload,
    });
  }
  // Stable sort: same instant → by kind rank, then in the order pushed (events by outbox position).
  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);

  const counts = Object.fromEntries(timelineKinds.map((k) => [k, 0])) as Record<TimelineKind, number>;
  for (const e of entries) counts[e.kind] += 1;

  return {
    order: {
      id: order.id,
      number: order.number,
      status: order.status,
      version: order.version,
      email: order.email,
      name: order.shippingAddress.name,
      paymentMethod: order.paymentMethod,
      currency: order.currency,
      subtotal: order.subtotal,
      discountTotal: order.discountTotal,
      shippingTotal: order.shippingTotal,
      taxTotal: order.taxTotal,
      total: order.total,
      promotionCodes: order.promotionCodes,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      items,
      payments: pays.map((p) => ({ id: p.id, attempt: p.attempt, status: p.status, amount: p.amount, provider: p.provider, intentId: p.intentId, cardBrand: p.cardBrand, cardLast4: p.cardLast4 })),
      refunds: refunded.refunds,
      refundedTotal: refunded.refunded,
      netPaid: refunded.netPaid,
      fulfillments: parts.map((f) => ({ id: f.id, warehouse: f.warehouse, status: f.status })),
      shipments: parcels.map((s) => ({ id: s.id, carrier: s.carrier, trackingNumber: s.trackingNumber, status: s.status })),
      nextStatuses: overrideTargets(order.status),
      cancelRefusal: opsCancelRefusal(order, { fulfillments: parts, shipments: parcels }),
    },
    entries,
    counts,
  };
}

