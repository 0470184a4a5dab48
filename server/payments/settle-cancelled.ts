import { desc, eq } from "drizzle-orm";
import { amount } from "@/server/vocabulary/money";
import type { Db } from "@/db/client";
import { payments, type Payment } from "@/db/schema";
import { transaction } from "@/db/transaction";
import type { PaymentGateway } from "./gateway";
import { claimRefund, recordRefundSucceeded } from "./refunds";

/** The refund of the rest of a payment when its order is cancelled. */
const FULL_REFUND_REFERENCE = "full";

export type Settlement = { action: "none" } | { action: "void" | "refund"; paymentId: string; intentId: string };

/** What a cancelled order's money needs: void an authorization, refund a capture, or nothing. */
export async function settlementFor(db: Db, orderId: string): Promise<Settlement> {
  const [latest] = await db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(desc(payments.attempt)).limit(1);
  if (!latest?.intentId) return { action: "none" };
  if (latest.status === "authorized" || latest.status === "processing") return { action: "void", paymentId: latest.id, intentId: latest.intentId };
  if (latest.status === "captured" || latest.status === "partially_refunded") return { action: "refund", paymentId: latest.id, intentId: latest.intentId };
  return { action: "none" };
}

/** Voids the authorization (idempotency key cancel:<intent>); the provider's webhook records it. */
export async function voidAuthorization(gateway: PaymentGateway, intentId: string): Promise<void> {
  await gateway.cancel(intentId);
}

/**
 * Refunds what is left of the capture (key refund:<intent>:full): everything paid, shipping
 * included, less the refunds claimed before (short picks, returns), so the sum of all refunds is
 * exactly the charge. Records the refund and moves the payment to refunded.
 */
export async function refundCapture(db: Db, gateway: PaymentGateway, paymentId: string, intentId: string): Promise<Payment | null> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) return null;
  const refund = await transaction(
    (tx) => claimRefund(tx, { orderId: payment.orderId, payment, kind: "cancel", reference: FULL_REFUND_REFERENCE, units: "rest" }),
    db,
  );
  const value = amount(refund.amount);
  if (refund.status === "pending" && value.greaterThan(0)) {
    await gateway.refund(intentId, { amount: value.toFixed(2), currency: refund.currency }, FULL_REFUND_REFERENCE);
  }
  return transaction(async (tx) => {
    await recordRefundSucceeded(tx, refund, `order cancelled: refunded ${refund.currency} ${value.toFixed(2)}, the rest of the payment`);
    const [after] = await tx.select().from(payments).where(eq(payments.id, paymentId));
    return after ?? null;
  }, db);
}
