import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { picklistLines, picklists } from "@/db/schema";
import { completePicklistIfDone } from "./pick";
import { closeWaveIfDone } from "./picklists";

/**
 * Locks the pick lines still to do (pending, or short and waiting for the manager) of some
 * fulfillments, then their picklists: the order the picking paths lock in (line → picklist →
 * fulfillment), so a caller that goes on to lock the fulfillments cannot deadlock with a picker.
 */
export async function lockOpenPickLines(tx: Tx, fulfillmentIds: string[]) {
  if (fulfillmentIds.length === 0) return [];
  const lines = await tx
    .select({ id: picklistLines.id, picklistId: picklistLines.picklistId })
    .from(picklistLines)
    .where(and(inArray(picklistLines.fulfillmentId, fulfillmentIds), inArray(picklistLines.status, ["pending", "short"])))
    .orderBy(picklistLines.id)
    .for("update");
  const listIds = [...new Set(lines.map((l) => l.picklistId))].sort();
  if (listIds.length > 0) await tx.select({ id: picklists.id }).from(picklists).where(inArray(picklists.id, listIds)).orderBy(picklists.id).for("update");
  return lines;
}

/**
 * The fulfillments were cancelled: their pick lines still to do leave their picklists (a picker
 * is no longer sent to the bin, the board no longer shows their short picks), and each picklist
 * left with nothing to do is completed (started) or cancelled (never started), its wave too.
 * Returns how many lines were withdrawn and how many units had already been picked (they go
 * back to their bins: the stock was never committed). Call after lockOpenPickLines.
 */
export async function withdrawPickLines(tx: Tx, fulfillmentIds: string[]): Promise<{ lines: number; pickedUnits: number }> {
  if (fulfillmentIds.length === 0) return { lines: 0, pickedUnits: 0 };
  const [picked] = await tx
    .select({ units: sql<number>`coalesce(sum(${picklistLines.pickedQuantity}), 0)::int` })
    .from(picklistLines)
    .where(and(inArray(picklistLines.fulfillmentId, fulfillmentIds), ne(picklistLines.status, "cancelled")));
  const withdrawn = await tx
    .update(picklistLines)
    .set({ status: "cancelled" })
    .where(and(inArray(picklistLines.fulfillmentId, fulfillmentIds), inArray(picklistLines.status, ["pending", "short"])))
    .returning({ picklistId: picklistLines.picklistId });
  for (const picklistId of [...new Set(withdrawn.map((l) => l.picklistId))].sort()) {
    const [list] = await tx.select().from(picklists).where(eq(picklists.id, picklistId));
    if (!list) continue;
    if (list.status === "in_progress") {
      await completePicklistIfDone(tx, list.id);
    } else if (list.status === "open") {
      const [live] = await tx
        .select({ id: picklistLines.id })
        .from(picklistLines)
        .where(and(eq(picklistLines.picklistId, list.id), ne(picklistLines.status, "cancelled")))
        .limit(1);
      if (!live) {
        await tx
          .update(picklists)
          .set({ status: "cancelled", completedAt: sql`now()`, version: sql`${picklists.version} + 1` })
          .where(eq(picklists.id, list.id));
        await closeWaveIfDone(tx, list.waveId);
      }
    }
  }
  return { lines: withdrawn.length, pickedUnits: picked?.units ?? 0 };
}
