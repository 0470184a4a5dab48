import { and, eq, ne, sql } from "drizzle-orm";
import type { CompensationOperation } from "@/server/vocabulary/compensations";
import type { Db, DbOrTx } from "@/db/client";
import { failedCompensations, type FailedCompensation } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";

/**
 * The one place every exhausted compensation goes (P0-2024-01): a row with what failed, for
 * which order, everything needed to retry it, and when to try next.
 */
export async function recordFailedCompensation(
  db: DbOrTx,
  input: { operation: CompensationOperation; orderId: string | null; metadata: Record<string, unknown>; error: string; attempts: number },
) {
  const [row] = await db
    .insert(failedCompensations)
    .values({ operation: input.operation, orderId: input.orderId, metadata: input.metadata, lastError: input.error.slice(0, 2000), attempts: input.attempts })
    .returning();
  return row!;
}

export type FailedCapture = {
  orderId: string;
  paymentId: string;
  intentId: string;
  error: string;
  attempts: number;
  /** Who gave up on it (the saga function, the capture cron). */
  source: string;
  /** critical: the provider refuses this capture; warning: it still fails after its retries. */
  severity: "warning" | "critical";
};

/**
 * A capture that cannot succeed, or still fails after its retries (P0-2024-01): a payment_capture
 * compensation, which the compensation cron retries with backoff and ops can replay from the
 * console, and an alert, so an uncollected payment is never silent. One per payment: while one is
 * unresolved (or was discarded by ops), another report of the same payment changes nothing.
 */
export async function recordFailedCapture(db: Db, input: FailedCapture): Promise<{ compensation: FailedCompensation; recorded: boolean }> {
  return transaction(async (tx) => {
    // The saga's give-up and the capture cron may report the same payment at the same moment.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`depot:payment-capture:${input.paymentId}`}))`);
    const [open] = await tx
      .select()
      .from(failedCompensations)
      .where(
        and(
          eq(failedCompensations.orderId, input.orderId),
          eq(failedCompensations.operation, "payment_capture"),
          ne(failedCompensations.status, "resolved"),
          sql`${failedCompensations.metadata} ->> 'paymentId' = ${input.paymentId}`,
        ),
      )
      .limit(1);
    if (open) return { compensation: open, recorded: false };
    const compensation = await recordFailedCompensation(tx, {
      operation: "payment_capture",
      orderId: input.orderId,
      metadata: { paymentId: input.paymentId, intentId: input.intentId, source: input.source },
      error: input.error,
      attempts: input.attempts,
    });
    await raiseAlert(tx, {
      kind: "payment_capture_failed",
      severity: input.severity,
      message:
        `Payment ${input.intentId} of order ${input.orderId} could not be captured (${input.error.slice(0, 500)}). ` +
        "It waits in the compensations queue, retried with backoff; replay it there once the cause is fixed.",
      orderId: input.orderId,
      details: { compensationId: compensation.id, paymentId: input.paymentId, intentId: input.intentId, source: input.source },
    });
    return { compensation, recorded: true };
  }, db);
}
