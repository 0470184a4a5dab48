import { sql } from "drizzle-orm";
import { stockMovementLabels, type StockMovementReason } from "@/server/vocabulary/inventory";
import type { DbOrTx } from "@/db/client";

export type LedgerEntry = {
  id: string;
  warehouseId: string;
  warehouseCode: string;
  onHandDelta: number;
  reservedDelta: number;
  /** The running balance of the SKU in that warehouse just after this movement. */
  onHandAfter: number;
  reservedAfter: number;
  reason: string;
  /** How the console says the reason ("Reserved for an order"). */
  reasonText: string;
  /** What the operator wrote, for movements an audited action made (adjustments, drift corrections). */
  note: string | null;
  /** The order the movement belongs to, whatever the reference points at (order, line, reservation, return item). */
  orderNumber: string | null;
  referenceType: string | null;
  referenceId: string | null;
  createdAt: Date;
};

export function reasonText(reason: string): string {
  return stockMovementLabels[reason as StockMovementReason] ?? reason.replaceAll("_", " ");
}

/**
 * One product's ledger newest first, one keyset page (`before`: the last id of the previous page).
 * The running balance is a window sum over the whole ledger of the product per warehouse, in id
 * order, computed before the page is cut: it is the same figure on whichever page the row lands.
 */
export async function ledgerPage(db: DbOrTx, input: { productId: string; warehouseId?: string; before?: string; limit: number }): Promise<{ entries: LedgerEntry[]; next: string | null }> {
  const rows = await db.execute<{
    id: string; warehouse_id: string; code: string; on_hand_delta: number; reserved_delta: number; on_hand_after: string; reserved_after: string;
    reason: string; reference_type: string | null; reference_id: string | null; created_at: string; order_number: string | null; note: string | null;
  }>(sql`
    with ledger as (
      select l.*,
        sum(l.on_hand_delta) over running as on_hand_after,
        sum(l.reserved_delta) over running as reserved_after
      from inventory_ledger l
      where l.product_id = ${input.productId}
        ${input.warehouseId ? sql`and l.warehouse_id = ${input.warehouseId}` : sql``}
      window running as (partition by l.warehouse_id order by l.id rows between unbounded preceding and current row)
    )
    select l.id::text, l.warehouse_id, w.code, l.on_hand_delta, l.reserved_delta, l.on_hand_after::text, l.reserved_after::text,
      l.reason, l.reference_type, l.reference_id, l.created_at::text, o.number as order_number, nullif(a.reason, '') as note
    from ledger l
    join warehouses w on w.id = l.warehouse_id
    left join fulfillment_items fi on fi.id = case when l.reference_type = 'fulfillment_item' then l.reference_id::uuid end
    left join fulfillments f on f.id = fi.fulfillment_id
    left join reservations r on r.id = case when l.reference_type = 'reservation' then l.reference_id::uuid end
    left join return_items ri on ri.id = case when l.reference_type = 'return_item' then l.reference_id::uuid end
    left join returns rt on rt.id = ri.return_id
    left join audit_log a on a.id = case when l.reference_type = 'audit' then l.reference_id::bigint end
    left join orders o on o.id = coalesce(case when l.reference_type = 'order' then l.reference_id::uuid end, f.order_id, r.order_id, rt.order_id, a.order_id)
    ${input.before ? sql`where l.id < ${input.before}` : sql``}
    order by l.id desc
    limit ${input.limit + 1}`);
  const all = Array.from(rows, (r): LedgerEntry => ({
    id: r.id,
    warehouseId: r.warehouse_id,
    warehouseCode: r.code,
    onHandDelta: Number(r.on_hand_delta),
    reservedDelta: Number(r.reserved_delta),
    onHandAfter: Number(r.on_hand_after),
    reservedAfter: Number(r.reserved_after),
    reason: r.reason,
    reasonText: reasonText(r.reason),
    note: r.note,
    orderNumber: r.order_number,
    referenceType: r.reference_type,
    referenceId: r.reference_id,
    createdAt: new Date(r.created_at),
  }));
  const entries = all.slice(0, input.limit);
  return { entries, next: all.length > input.limit ? (entries.at(-1)?.id ?? null) : null };
}
