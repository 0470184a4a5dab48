import { and, eq, sql } from "drizzle-orm";
import type { PaymentStatus } from "@/server/vocabulary/payments";
import type { Tx } from "@/db/client";
import { paymentStatusHistory, payments, type Payment } from "@/db/schema";
import { emit } from "@/server/outbox";
import type { DomainEventPayload } from "@/server/vocabulary/events";
import type { IntentStatus } from "./gateway";

/** The payment state machine: forward moves only (OR-P0-04). */
export const paymentTransitions: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ["processing", "authorized", "captured", "failed", "voided"],
  processing: ["authorized", "captured", "failed", "voided"],
  authorized: ["captured", "voided"],
  captured: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  refunded: [],
  voided: [],
  failed: [],
};

export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return paymentTransitions[from].includes(to);
}

/** What a provider intent's state means for our payment. */
export function statusOfIntent(intent: { status: IntentStatus; lastError: unknown }): PaymentStatus | null {
  switch (intent.status) {
    case "requires_capture":
      return "authorized";
    case "succeeded":
      return "captured";
    case "canceled":
      return "voided";
    case "processing":
    case "requires_action":
      return "processing";
    case "requires_payment_method":
      return intent.lastError ? "failed" : null;
  }
}

/**
 * Moves a payment forward with an optimistic version check, a history row and an outbox event.
 * A move the machine does not allow (a stale or reordered event) is skipped, never applied.
 */
export async function movePayment(
  tx: Tx,
  payment: Payment,
  to: PaymentStatus,
  change: {
    reason: string;
    fields?: Partial<Pick<Payment, "amountCapturable" | "amountReceived" | "lastError" | "intentId">>;
    refund?: DomainEventPayload<"payment/status-changed">["refund"];
  },
): Promise<Payment | null> {
  if (payment.status === to || !canMovePayment(payment.status, to)) return null;
  const [moved] = await tx
    .update(payments)
    .set({ ...change.fields, status: to, version: sql`${payments.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(payments.id, payment.id), eq(payments.version, payment.version)))
    .returning();
  if (!moved) return null;
  await tx.insert(paymentStatusHistory).values({ paymentId: payment.id, fromStatus: payment.status, toStatus: to, reason: change.reason });
  await emit(tx, {
    name: "payment/status-changed",
    aggregateId: payment.id,
    payload: { paymentId: payment.id, orderId: payment.orderId, intentId: moved.intentId, from: payment.status, to, reason: change.reason, refund: change.refund ?? null },
  });
  return moved;
}
