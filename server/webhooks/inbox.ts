import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { webhookEvents } from "@/db/schema";

/**
 * Records a verified provider event as received (outcome `ignored` until applied), in the
 * caller's transaction: false when this (provider, event id) was recorded before, a duplicate
 * delivery that must have no effect (PAY-P0-02).
 */
export async function recordWebhookEvent(tx: Tx, event: { provider: string; eventId: string; type: string }): Promise<boolean> {
  const recorded = await tx
    .insert(webhookEvents)
    .values({ provider: event.provider, eventId: event.eventId, type: event.type, outcome: "ignored" })
    .onConflictDoNothing()
    .returning({ eventId: webhookEvents.eventId });
  return recorded.length > 0;
}

/** The recorded event had its effect. */
export async function markWebhookApplied(tx: Tx, provider: string, eventId: string): Promise<void> {
  await tx
    .update(webhookEvents)
    .set({ outcome: "applied" })
    .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.eventId, eventId)));
}
