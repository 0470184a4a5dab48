import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { ReturnStatus } from "@/server/vocabulary/returns";
import type { DbOrTx } from "@/db/client";
import { failedCompensations, orderItems, orders, returnItems, returns, returnStatusHistory, warehouses, type Order } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { returnableItems, returnEligibility, type ReturnableItem } from "./request";

export type ReturnListRow = {
  id: string;
  number: string;
  orderNumber: string;
  email: string;
  kind: "refund" | "exchange";
  status: ReturnStatus;
  units: number;
  refundAmount: string | null;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
};

/** The ops list, newest first, optionally one status; keyset pages on (created_at, id). */
export async function listReturns(
  db: DbOrTx,
  filter: { status?: ReturnStatus; before?: { createdAt: Date; id: string }; limit?: number } = {},
): Promise<ReturnListRow[]> {
  const limit = Math.min(filter.limit ?? 50, 200);
  return db
    .select({
      id: returns.id,
      number: returns.number,
      orderNumber: orders.number,
      email: orders.email,
      kind: returns.kind,
      status: returns.status,
      units: sql<number>`(select coalesce(sum(ri.quantity), 0) from ${returnItems} ri where ri.return_id = returns.id)::int`,
      refundAmount: returns.refundAmount,
      currency: returns.currency,
      createdAt: returns.createdAt,
      updatedAt: returns.updatedAt,
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(
      and(
        filter.status ? eq(returns.status, filter.status) : undefined,
        filter.before
          ? or(lt(returns.createdAt, filter.before.createdAt), and(eq(returns.createdAt, filter.before.createdAt), lt(returns.id, filter.before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(returns.createdAt), desc(returns.id))
    .limit(limit);
}

/** Returns per status, for the list's filter. */
export async function returnCounts(db: DbOrTx): Promise<Partial<Record<ReturnStatus, number>>> {
  const rows = await db.select({ status: returns.status, n: sql<number>`count(*)::int` }).from(returns).groupBy(returns.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The ops list page: a page of returns and the count per status. */
export async function returnsOverview(db: DbOrTx, filter: Parameters<typeof listReturns>[1] = {}) {
  const [rows, counts] = await Promise.all([listReturns(db, filter), returnCounts(db)]);
  return { rows, counts };
}

/** One return for ops: the order, each item with its inspection, the history and any failed settlement. */
export async function returnDetail(db: DbOrTx, returnId: string) {
  const [row] = await db
    .select({ ret: returns, orderNumber: orders.number, email: orders.email, paymentMethod: orders.paymentMethod, warehouseCode: warehouses.code })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .leftJoin(warehouses, eq(warehouses.id, returns.warehouseId))
    .where(eq(returns.id, returnId));
  if (!row) throw new DomainError("NOT_FOUND", "We couldn't find that return.");
  const [items, history, compensations] = await Promise.all([
    db
      .select({
        id: returnItems.id,
        sku: orderItems.sku,
        name: orderItems.name,
        quantity: returnItems.quantity,
        unitPrice: orderItems.unitPrice,
        reason: returnItems.reason,
        condition: returnItems.condition,
        restock: returnItems.restock,
        restockedAt: returnItems.restockedAt,
        restockOverrideReason: returnItems.restockOverrideReason,
      })
      .from(returnItems)
      .innerJoin(orderItems, eq(orderItems.id, returnItems.orderItemId))
      .where(eq(returnItems.returnId, returnId))
      .orderBy(asc(orderItems.sku), asc(returnItems.id)),
    db
      .select({ fromStatus: returnStatusHistory.fromStatus, toStatus: returnStatusHistory.toStatus, reason: returnStatusHistory.reason, actor: returnStatusHistory.actor, createdAt: returnStatusHistory.createdAt })
      .from(returnStatusHistory)
      .where(eq(returnStatusHistory.returnId, returnId))
      .orderBy(asc(returnStatusHistory.createdAt)),
    db
      .select({ id: failedCompensations.id, operation: failedCompensations.operation, status: failedCompensations.status, attempts: failedCompensations.attempts, lastError: failedCompensations.lastError })
      .from(failedCompensations)
      .where(and(eq(failedCompensations.orderId, row.ret.orderId), sql`${failedCompensations.metadata}->>'returnId' = ${returnId}`))
      .orderBy(desc(failedCompensations.createdAt)),
  ]);
  return {
    ...row.ret,
    orderNumber: row.orderNumber,
    email: row.email,
    paymentMethod: row.paymentMethod,
    warehouseCode: row.warehouseCode,
    items,
    history,
    compensations,
  };
}
export type ReturnDetail = Awaited<ReturnType<typeof returnDetail>>;

export type OrderReturns = {
  eligibility: { eligible: boolean; message: string | null; deadline: Date | null };
  /** The lines with what may still be sent back. */
  items: Pick<ReturnableItem, "orderItemId" | "sku" | "name" | "shipped" | "returned" | "returnable">[];
  returns: {
    number: string;
    kind: "refund" | "exchange";
    status: ReturnStatus;
    refundAmount: string | null;
    currency: string;
    createdAt: Date;
    /** The last status change's reason (e.g. why it was rejected). */
    statusReason: string | null;
    items: { name: string; quantity: number; reason: string }[];
  }[];
};

/** What the buyer's order page shows about returns: may they return, what, and their returns so far. */
export async function orderReturns(db: DbOrTx, order: Order, windowDays: number): Promise<OrderReturns> {
  const [eligibility, lines, list] = await Promise.all([
    returnEligibility(db, order, windowDays),
    returnableItems(db, order.id),
    db.select().from(returns).where(eq(returns.orderId, order.id)).orderBy(desc(returns.createdAt)),
  ]);
  const ids = list.map((r) => r.id);
  const [items, history] = ids.length
    ? await Promise.all([
        db
          .select({ returnId: returnItems.returnId, name: orderItems.name, quantity: returnItems.quantity, reason: returnItems.reason })
          .from(returnItems)
          .innerJoin(orderItems, eq(orderItems.id, returnItems.orderItemId))
          .where(inArray(returnItems.returnId, ids))
          .orderBy(asc(orderItems.name)),
        db
          .select({ returnId: returnStatusHistory.returnId, reason: returnStatusHistory.reason, createdAt: returnStatusHistory.createdAt })
          .from(returnStatusHistory)
          .where(inArray(returnStatusHistory.returnId, ids))
          .orderBy(asc(returnStatusHistory.createdAt)),
      ])
    : [[], []];
  return {
    eligibility: eligibility.eligible
      ? { eligible: true, message: null, deadline: eligibility.deadline }
      : { eligible: false, message: eligibility.message, deadline: eligibility.deadline },
    items: lines.map(({ orderItemId, sku, name, shipped, returned, returnable }) => ({ orderItemId, sku, name, shipped, returned, returnable })),
    returns: list.map((r) => ({
      number: r.number,
      kind: r.kind,
      status: r.status,
      refundAmount: r.refundAmount,
      currency: r.currency,
      createdAt: r.createdAt,
      statusReason: history.filter((h) => h.returnId === r.id).at(-1)?.reason ?? null,
      items: items.filter((i) => i.returnId === r.id).map(({ name, quantity, reason }) => ({ name, quantity, reason })),
    })),
  };
}
