import { and, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { opsAlerts } from "@/db/schema";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { recordAudit } from "@/server/audit";
import { DomainError } from "@/server/lib/errors";

export type AcknowledgeResult = { acknowledged: boolean; acknowledgedAt: Date; message: string };

/**
 * Marks an open alert as seen, with its audit row in the same transaction. The guarded update
 * makes a double click (or two operators at once) one acknowledgement and one audit row; the
 * second gets a no-op answer saying it was already acknowledged.
 */
export async function acknowledgeAlert(tx: Tx, actor: SessionUser, alertId: string): Promise<AcknowledgeResult> {
  const [done] = await tx
    .update(opsAlerts)
    .set({ acknowledgedAt: sql`now()` })
    .where(and(eq(opsAlerts.id, alertId), isNull(opsAlerts.acknowledgedAt)))
    .returning();
  if (done) {
    await recordAudit(tx, actor, {
      action: "alert.acknowledge",
      targetType: "ops_alert",
      targetId: done.id,
      targetLabel: done.kind.replaceAll("_", " "),
      orderId: done.orderId,
      details: { kind: done.kind, severity: done.severity, message: done.message },
    });
    return { acknowledged: true, acknowledgedAt: done.acknowledgedAt!, message: "Alert acknowledged." };
  }
  const [existing] = await tx.select({ acknowledgedAt: opsAlerts.acknowledgedAt }).from(opsAlerts).where(eq(opsAlerts.id, alertId));
  if (!existing) throw new DomainError("NOT_FOUND", "This alert no longer exists.", { reason: "alert_not_found" });
  return { acknowledged: false, acknowledgedAt: existing.acknowledgedAt!, message: "This alert was already acknowledged; nothing changed." };
}
