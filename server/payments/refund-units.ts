import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments } from "@/db/schema";
import { transaction } from "@/server/outbox/flush";
import type { Money, PaymentGateway } from "./gateway";
import { movePayment } from "./status";

export type UnitsRefund = { orderId: string; amount: Money; /** names the refund in its idempotency key */ reference: string };

/**
 * Refunds units the warehouse could not ship (a short pick cancelled by the manager). A card
 * payment that is only authorized cannot be refunded yet: this throws, so the caller's retries
 * and then the failed-compensation path retry it until the capture has happened. Cash on
 * delivery has nothing to refund: the courier collects the smaller amount.
 */
export async function refundCancelledUnits(db: Db, gateway: PaymentGateway, input: UnitsRefund): Promise<"refunded" | "nothing_to_refund"> {
  const [latest] = await db.select().from(payments).where(eq(payments.orderId, input.orderId)).orderBy(desc(payments.attempt)).limit(1);
  if (!latest?.intentId || latest.status === "voided" || latest.status === "failed" || latest.status === "refunded") return "nothing_to_refund";
  if (latest.status !== "captured" && latest.status !== "partially_refunded") {
    throw new Error(`payment ${latest.intentId} is ${latest.status}; the refund of ${input.amount.currency} ${input.amount.amount} waits for the capture`);
  }
  await gateway.refund(latest.intentId, input.amount, input.reference);
  await transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, latest.id)).for("update");
    if (payment) await movePayment(tx, payment, "partially_refunded", { reason: `refund ${input.amount.currency} ${input.amount.amount} for ${input.reference}` });
  }, db);
  return "refunded";
}
