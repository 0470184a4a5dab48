import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { amount, min, sum, toDb, ZERO, type Amount } from "@/server/vocabulary/money";
import type { RefundKind } from "@/server/vocabulary/payments";
import type { DbOrTx, Tx } from "@/db/client";
import { orderItems, orders, payments, refunds, type Order, type Payment, type Refund, type RefundLine } from "@/db/schema";
import { allocateLines, refundForUnits } from "./refund-allocation";
import { movePayment } from "./status";

/** Units of order lines to refund; `rest` is whatever is left of the payment (a whole-order cancel). */
export type RefundUnits = { orderItemId: string; units: number }[] | "rest";

type OrderMoney = { order: Order; items: { id: string; unitPrice: string; quantity: number }[]; claimed: Refund[] };

/** The money of several orders at once (order, lines, refunds claimed, latest payment): four queries whatever their number. */
async function ordersMoney(db: DbOrTx, orderIds: string[]): Promise<Map<string, OrderMoney & { payment: Payment | null }>> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return new Map();
  const [orderRows, items, claimed, latest] = await Promise.all([
    db.select().from(orders).where(inArray(orders.id, ids)),
    db
      .select({ orderId: orderItems.orderId, id: orderItems.id, unitPrice: orderItems.unitPrice, quantity: orderItems.quantity })
      .from(orderItems)
      .where(inArray(orderItems.orderId, ids))
      .orderBy(asc(orderItems.id)),
    db.select().from(refunds).where(inArray(refunds.orderId, ids)).orderBy(asc(refunds.createdAt), asc(refunds.id)),
    db.selectDistinctOn([payments.orderId]).from(payments).where(inArray(payments.orderId, ids)).orderBy(payments.orderId, desc(payments.attempt)),
  ]);
  const out = new Map<string, OrderMoney & { payment: Payment | null }>();
  for (const id of ids) {
    const order = orderRows.find((o) => o.id === id);
    if (!order) throw new Error(`order ${id} not found`);
    out.set(id, {
      order,
      items: items.filter((i) => i.orderId === id).map(({ orderId: _order, ...item }) => item),
      claimed: claimed.filter((r) => r.orderId === id),
      payment: latest.find((p) => p.orderId === id) ?? null,
    });
  }
  return out;
}

async function orderMoney(db: DbOrTx, orderId: string): Promise<OrderMoney> {
  return (await ordersMoney(db, [orderId])).get(orderId)!;
}

/** What the customer was charged: the card payment's amount, or the order total paid in cash. */
const charged = (order: Order, payment: Pick<Payment, "amount"> | null) => amount(payment ? payment.amount : order.total);

/** The amount of a new refund of `units`, given every refund claimed before it; capped at what is left of the charge. */
function allocate(money: OrderMoney, units: RefundUnits, payment: Pick<Payment, "amount"> | null): { amount: Amount; lines: RefundLine[] } {
  const given = sum(money.claimed.map((r) => amount(r.amount)));
  const left = charged(money.order, payment).minus(given);
  if (units === "rest") return { amount: left.greaterThan(0) ? left : ZERO, lines: [] };
  const lines = allocateLines({ lines: money.items, discount: money.order.discountTotal, tax: money.order.taxTotal });
  const refundedUnits = new Map<string, number>();
  for (const r of money.claimed) for (const l of r.lines) refundedUnits.set(l.orderItemId, (refundedUnits.get(l.orderItemId) ?? 0) + l.units);
  const out: RefundLine[] = [];
  for (const { orderItemId, units: n } of units) {
    const line = lines.find((l) => l.id === orderItemId);
    if (!line) throw new Error(`order item ${orderItemId} is not a line of order ${money.order.number}`);
    const before = refundedUnits.get(orderItemId) ?? 0;
    out.push({ orderItemId, units: n, amount: toDb(refundForUnits(line, before, n)) });
    refundedUnits.set(orderItemId, before + n);
  }
  const total = sum(out.map((l) => amount(l.amount)));
  // The allocation alone never exceeds the goods paid; the cap guards a charge smaller than the order.
  return { amount: min(total, left.greaterThan(0) ? left : ZERO), lines: out };
}

/** What refunding these units would give back now (a preview: nothing is claimed). */
export async function previewRefund(db: DbOrTx, orderId: string, units: RefundUnits): Promise<Amount> {
  const [amount] = await previewRefunds(db, [{ orderId, units }]);
  return amount!;
}

/** Previews for many orders (e.g. the board's short picks) in four queries, each as previewRefund would give it. */
export async function previewRefunds(db: DbOrTx, requests: { orderId: string; units: RefundUnits }[]): Promise<Amount[]> {
  const money = await ordersMoney(
    db,
    requests.map((r) => r.orderId),
  );
  return requests.map(({ orderId, units }) => {
    const m = money.get(orderId)!;
    return allocate(m, units, m.payment).amount;
  });
}

/**
 * Serializes the refunds of one order until the transaction ends. A transaction-level advisory
 * lock rather than the order row: the order row is locked by cancels and hand-overs in their own
 * order (see server/orders/locks.ts), and a refund claim must not take part in that.
 */
export async function lockOrderRefunds(tx: Tx, orderId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`refunds:${orderId}`}, 0))`);
}

/**
 * Claims a refund before the provider is asked: under a per-order transaction lock, so two
 * refunds of one order (a short pick and a return racing) are allocated one after the other and
 * their sum never exceeds what was paid. The same reference returns the refund claimed before
 * (a retry refunds the same amount under the same idempotency key).
 */
export async function claimRefund(
  tx: Tx,
  input: { orderId: string; payment: Pick<Payment, "id" | "amount"> | null; kind: RefundKind; reference: string; units: RefundUnits },
): Promise<Refund> {
  await lockOrderRefunds(tx, input.orderId);
  const money = await orderMoney(tx, input.orderId);
  const existing = money.claimed.find((r) => r.reference === input.reference);
  if (existing) return existing;
  const { amount: value, lines } = allocate(money, input.units, input.payment);
  const [claimed] = await tx
    .insert(refunds)
    .values({ orderId: input.orderId, paymentId: input.payment?.id ?? null, kind: input.kind, reference: input.reference, currency: money.order.currency, amount: toDb(value), lines })
    .returning();
  return claimed!;
}

/** Refunds claimed under references starting with `prefix` (a fulfillment line's short-pick refunds). */
export async function refundsByPrefix(db: DbOrTx, orderId: string, prefix: string): Promise<Refund[]> {
  return db
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), sql`starts_with(${refunds.reference}, ${prefix})`))
    .orderBy(asc(refunds.createdAt));
}

/**
 * Records that the provider (or the cash desk) paid a claimed refund back, and moves the card
 * payment to partially_refunded, or refunded once its whole amount has been given back.
 */
export async function recordRefundSucceeded(tx: Tx, refund: Refund, reason: string): Promise<void> {
  const [done] = await tx
    .update(refunds)
    .set({ status: "succeeded", succeededAt: sql`now()` })
    .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending")))
    .returning();
  if (!done || !refund.paymentId) return;
  const [payment] = await tx.select().from(payments).where(eq(payments.id, refund.paymentId)).for("update");
  if (!payment) return;
  const [given] = await tx
    .select({ total: sql<string>`coalesce(sum(${refunds.amount}), 0)::text` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.status, "succeeded")));
  const all = amount(given?.total ?? "0").greaterThanOrEqualTo(amount(payment.amount));
  await movePayment(tx, payment, all ? "refunded" : "partially_refunded", {
    reason,
    refund: { id: done.id, kind: done.kind, amount: done.amount, currency: done.currency },
  });
}

export type RefundSummary = {
  /** Sum of the refunds paid back, 4 decimals. */
  refunded: string;
  /** The order total less the refunds. */
  netPaid: string;
  refunds: { kind: RefundKind; amount: string; createdAt: Date }[];
};

/** The order's refunds paid back so far and what the customer has paid net of them. */
export async function refundSummary(db: DbOrTx, order: Pick<Order, "id" | "total">): Promise<RefundSummary> {
  const rows = await db
    .select({ kind: refunds.kind, amount: refunds.amount, createdAt: refunds.createdAt })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), eq(refunds.status, "succeeded")))
    .orderBy(asc(refunds.createdAt));
  const refunded = sum(rows.map((r) => amount(r.amount)));
  return { refunded: toDb(refunded), netPaid: toDb(amount(order.total).minus(refunded)), refunds: rows };
}

/** The order's latest payment attempt. */
export async function latestPayment(db: DbOrTx, orderId: string): Promise<Payment | undefined> {
  const [latest] = await db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(desc(payments.attempt)).limit(1);
  return latest;
}
