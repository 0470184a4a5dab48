import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments, type Payment } from "@/db/schema";
import { transaction } from "@/server/outbox/flush";
import type { PaymentGateway } from "./gateway";
import { movePayment } from "./status";

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

/** Refunds the capture in full (key refund:<intent>:full) and records the payment as refunded. */
export async function refundCapture(db: Db, gateway: PaymentGateway, paymentId: string, intentId: string): Promise<Payment | null> {
  await gateway.refund(intentId);
  return transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    return payment ? movePayment(tx, payment, "refunded", { reason: "order cancelled: refunded in full" }) : null;
  }, db);
}
