import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { failedCompensations, type FailedCompensation } from "@/db/schema";
import { compensationLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { DomainError } from "@/server/lib/errors";

export const MIN_DISCARD_REASON = 5;

/**
 * Ops give up on a failed compensation (e.g. refunded by hand in the provider's dashboard): it
 * is discarded with the reason and the operator, audited, and the cron no longer retries it.
 * A resolved one cannot be discarded (it happened); discarding twice is refused.
 */
export async function discardCompensation(tx: Tx, input: { id: string; reason: string }, user: SessionUser): Promise<FailedCompensation> {
  const reason = input.reason.trim();
  if (reason.length < MIN_DISCARD_REASON) {
    throw new DomainError("INVALID_INPUT", `Say why it is discarded, in at least ${MIN_DISCARD_REASON} characters.`, { reason: "reason_too_short" });
  }
  const [row] = await tx.select().from(failedCompensations).where(eq(failedCompensations.id, input.id)).for("update");
  if (!row) throw new DomainError("NOT_FOUND", "There is no such failed compensation.");
  if (row.status === "resolved") {
    throw new DomainError("CONFLICT", "This compensation has already succeeded, so there is nothing to discard.", { reason: "already_resolved" });
  }
  if (row.status === "discarded") {
    throw new DomainError("CONFLICT", "This compensation was already discarded.", { reason: "already_discarded" });
  }
  const [discarded] = await tx
    .update(failedCompensations)
    .set({ status: "discarded", discardReason: reason, discardedBy: user.id, updatedAt: sql`now()` })
    .where(eq(failedCompensations.id, row.id))
    .returning();
  await recordAudit(tx, user, {
    action: "compensation.discard",
    targetType: "failed_compensation",
    targetId: row.id,
    targetLabel: await compensationLabel(tx, row),
    orderId: row.orderId,
    reason,
    details: { fromStatus: row.status, attempts: row.attempts, operation: row.operation },
  });
  return discarded!;
}
