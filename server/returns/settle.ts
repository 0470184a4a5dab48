import { and, asc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { amount } from "@/server/vocabulary/money";
import type { Db, Tx } from "@/db/client";
import { transaction } from "@/db/transaction";
import { orders, returnItems, returns } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { PaymentGateway } from "@/server/payments";
import { claimRefund, latestPayment, recordRefundSucceeded } from "@/server/payments";
import { lockReturn, transitionReturn, type ReturnActor } from "./status";
import { restockReturnedUnits } from "@/server/inventory";

const SETTLE: ReturnActor = { label: "system:return-settle", userId: null };

/** Names a return's refund in the gateway's idempotency key (refund:<intent>:return:<id>). */
export const returnRefundReference = (returnId: string) => `return:${returnId}`;

/** Items that go back on the shelf: chosen for restock, sellable or overridden at inspection, not restocked yet. */
const restockDue = (returnId: string) =>
  and(
    eq(returnItems.returnId, returnId),
    eq(returnItems.restock, true),
    or(eq(returnItems.condition, "sellable"), isNotNull(returnItems.restockOverrideReason)),
    isNull(returnItems.restockedAt),
  );

/** A return's inspection is done once it is received (or later). */
const inspected = (status: string) => status === "received" || status === "refunded" || status === "closed";

/**
 * Puts the units ops chose to restock (sellable, or overridden at inspection) back on hand in the return's warehouse, with one
 * `return_restock` ledger row per item, in the caller's transaction. Each item is claimed by
 * setting `restocked_at` where it is still null, and the return row is locked first, so a
 * replayed event, a compensation retry and a concurrent run restock each item once.
 */
export async function restockReturn(tx: Tx, returnId: string): Promise<{ items: number; units: number }> {
  const ret = await lockReturn(tx, returnId);
  const result = { items: 0, units: 0 };
  if (!inspected(ret.status) || ret.kind === "exchange") return result;
  if (!ret.warehouseId) throw new Error(`return ${ret.number} has no warehouse to restock into`);
  const due = await tx
    .select()
    .from(returnItems)
    .where(restockDue(ret.id))
    .orderBy(asc(returnItems.productId), asc(returnItems.id));
  for (const item of due) {
    const [claimed] = await tx
      .update(returnItems)
      .set({ restockedAt: sql`now()` })
      .where(and(eq(returnItems.id, item.id), isNull(returnItems.restockedAt)))
      .returning({ id: returnItems.id });
    if (!claimed) continue;
    await restockReturnedUnits(tx, { warehouseId: ret.warehouseId, productId: item.productId, quantity: item.quantity, returnItemId: item.id });
    result.items += 1;
    result.units += item.quantity;
  }
  return result;
}

export type RefundOutcome = "refunded" | "cash_refund" | "closed_exchange" | "already_settled" | "not_inspected";

/**
 * Settles a received return's money. Safe to call any number of times (event path, compensation
 * retry): the refund — the units' price with their share of tax, less their share of the
 * discount — is claimed once under the order's refund lock (`claimRefund`, reference
 * `return:<id>`), the gateway refund's idempotency key is `refund:<intent>:return:<return id>`,
 * and the return moves to refunded, with the amount refunded, under its row lock once.
 *
 * - exchange: nothing to refund; the return is closed;
 * - cash on delivery: there is no card to refund; recorded as a cash refund by ops;
 * - card: refunded through the gateway, the payment moves to partially_refunded (or refunded
 *   once everything it received has been given back), the return to refunded.
 *
 * A payment that cannot be refunded (not captured, voided) throws: the function's retries and
 * then the failed compensation keep the return visible until ops settle it.
 */
export async function refundReturn(db: Db, gateway: PaymentGateway, returnId: string): Promise<RefundOutcome> {
  const [row] = await db
    .select({ ret: returns, paymentMethod: orders.paymentMethod })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.id, returnId));
  if (!row) throw new DomainError("NOT_FOUND", "We couldn't find that return.");
  const { ret } = row;
  if (ret.status === "refunded" || ret.status === "closed") return "already_settled";
  if (ret.status !== "received") return "not_inspected";

  if (ret.kind === "exchange") {
    return settleLocked(db, returnId, (tx, locked) =>
      transitionReturn(tx, locked, "closed", { reason: "exchange: nothing to refund, the replacement is handled by ops", actor: SETTLE }).then(() => "closed_exchange" as const),
    );
  }
  const units = await returnUnits(db, ret.id);
  if (row.paymentMethod === "cod") {
    const claimed = await transaction((tx) => claimRefund(tx, { orderId: ret.orderId, payment: null, kind: "return", reference: returnRefundReference(ret.id), units }), db);
    const money = { amount: amount(claimed.amount).toFixed(2), currency: claimed.currency };
    return settleLocked(db, returnId, async (tx, locked) => {
      await recordRefundSucceeded(tx, claimed, `cash refund for return ${locked.number}`);
      await transitionReturn(tx, locked, "refunded", {
        reason: `cash refund by ops: ${money.currency} ${money.amount} paid back outside the card gateway`,
        actor: SETTLE,
        fields: { refundAmount: claimed.amount },
      });
      return "cash_refund" as const;
    });
  }

  const latest = await latestPayment(db, ret.orderId);
  if (!latest?.intentId) throw new Error(`return ${ret.number}: the order has no card payment to refund`);
  if (latest.status !== "captured" && latest.status !== "partially_refunded") {
    throw new Error(`return ${ret.number}: payment ${latest.intentId} is ${latest.status}; it can't be refunded`);
  }
  const claimed = await transaction((tx) => claimRefund(tx, { orderId: ret.orderId, payment: latest, kind: "return", reference: returnRefundReference(ret.id), units }), db);
  const refund = amount(claimed.amount);
  const money = { amount: refund.toFixed(2), currency: claimed.currency };
  if (claimed.status === "pending" && refund.greaterThan(0)) await gateway.refund(latest.intentId, money, returnRefundReference(ret.id));

  return settleLocked(db, returnId, async (tx, locked) => {
    await recordRefundSucceeded(tx, claimed, `refund ${money.currency} ${money.amount} for return ${locked.number} (${returnRefundReference(locked.id)})`);
    await transitionReturn(tx, locked, "refunded", { reason: `refunded ${money.currency} ${money.amount} to the card`, actor: SETTLE, fields: { refundAmount: claimed.amount } });
    return "refunded" as const;
  });
}

/** The units a return gives back, line by line. */
async function returnUnits(db: Db, returnId: string) {
  return db.select({ orderItemId: returnItems.orderItemId, units: returnItems.quantity }).from(returnItems).where(eq(returnItems.returnId, returnId)).orderBy(asc(returnItems.id));
}

/** Runs `settle` on the return locked, unless a concurrent run already settled it. */
async function settleLocked(db: Db, returnId: string, settle: (tx: Tx, locked: typeof returns.$inferSelect) => Promise<RefundOutcome>): Promise<RefundOutcome> {
  return transaction(async (tx) => {
    const locked = await lockReturn(tx, returnId);
    if (locked.status !== "received") return "already_settled";
    return settle(tx, locked);
  }, db);
}

/** The side effects of a received return still owed: the onFailure handler turns each into a failed compensation. */
export async function pendingSettlement(db: Db, returnId: string): Promise<{ restock: boolean; refund: boolean }> {
  const [ret] = await db.select().from(returns).where(eq(returns.id, returnId));
  if (!ret || !inspected(ret.status)) return { restock: false, refund: false };
  const [open] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(returnItems)
    .where(restockDue(ret.id));
  return { restock: ret.kind === "refund" && (open?.n ?? 0) > 0, refund: ret.status === "received" };
}
