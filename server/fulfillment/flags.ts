import { and, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { fulfillments } from "@/db/schema";

/** Clears the attention note of the given fulfillments that carry one, in the caller's transaction. */
export async function clearAttention(tx: Tx, fulfillmentIds: string[]): Promise<void> {
  if (fulfillmentIds.length === 0) return;
  await tx
    .update(fulfillments)
    .set({ attention: null })
    .where(and(inArray(fulfillments.id, fulfillmentIds), sql`${fulfillments.attention} is not null`));
}

/** Counts one more pick attempt on each of the given fulfillments, in the caller's transaction. */
export async function countPickAttempt(tx: Tx, fulfillmentIds: string[]): Promise<void> {
  if (fulfillmentIds.length === 0) return;
  await tx
    .update(fulfillments)
    .set({ pickAttempts: sql`${fulfillments.pickAttempts} + 1` })
    .where(inArray(fulfillments.id, fulfillmentIds));
}

export type SlaBreach = { id: string; order_id: string; order_number: string; warehouse_code: string; status: string; created_at: string };

/**
 * Flags fulfillments not shipped within `hours` of their creation, oldest first, at most `limit`:
 * `sla_breached_at` is set by a guarded UPDATE (only where it is still null, rows locked with
 * SKIP LOCKED), so a rerun flags nothing twice. Returns the newly flagged ones.
 */
export async function flagSlaBreachedFulfillments(db: DbOrTx, hours: number, limit: number): Promise<SlaBreach[]> {
  const breached = await db.execute<SlaBreach>(sql`
      with due as (
        select id from fulfillments
        where sla_breached_at is null
          and status not in ('shipped', 'completed', 'cancelled')
          and created_at < now() - make_interval(hours => ${hours})
        order by created_at
        limit ${limit}
        for update skip locked
      )
      update fulfillments f set sla_breached_at = now()
      from due, orders o, warehouses w
      where f.id = due.id and o.id = f.order_id and w.id = f.warehouse_id
      returning f.id, f.order_id, o.number as order_number, w.code as warehouse_code, f.status::text as status, f.created_at::text as created_at`);
  return [...breached];
}
