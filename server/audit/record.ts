import type { Tx } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import type { SessionUser } from "@/server/vocabulary/session-user";

export type AuditInput = {
  /** Dotted verb, e.g. "compensation.replay", "reservation.release", "order.cancel". */
  action: string;
  targetType: string;
  /** The target's id, for links. */
  targetId: string;
  /** The target as people know it: order D100009, picklist P10001, wave W10001, a SKU, EAST. Never a bare UUID. */
  targetLabel: string;
  orderId?: string | null;
  reason?: string;
  details?: Record<string, unknown>;
};

/**
 * Records an operator action in the caller's transaction: the action and its audit row commit
 * together or not at all.
 */
export async function recordAudit(tx: Tx, actor: SessionUser, input: AuditInput): Promise<AuditEntry> {
  const [row] = await tx
    .insert(auditLog)
    .values({
      actorId: actor.id,
      actorEmail: actor.email,
      actorRole: actor.role,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      targetLabel: input.targetLabel,
      orderId: input.orderId ?? null,
      reason: input.reason ?? "",
      details: input.details ?? {},
    })
    .returning();
  return row!;
}
