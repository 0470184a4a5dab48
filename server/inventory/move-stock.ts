import { sql } from "drizzle-orm";
import type { StockMovementReason } from "@/server/vocabulary/inventory";
import type { Tx } from "@/db/client";
import { inventoryLedger } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";

/**
 * The one writer of `inventory_levels` and `inventory_ledger` (issue 13, WH-P1-03): a stock
 * level changes only through `moveStock`, which writes the level and its ledger row in one
 * statement, so no caller can forget the ledger row and the ledger sums to on_hand and reserved.
 */

export type StockMove = {
  warehouseId: string;
  productId: string;
  onHandDelta: number;
  reservedDelta: number;
  reason: StockMovementReason;
  /** What caused it, so the SKU ledger can link back: an order, a fulfillment line, a return line, an audit entry, ... */
  referenceType?: "order" | "fulfillment_item" | "reservation" | "return_item" | "stock_import" | "audit";
  referenceId?: string;
};

export type LevelAfter = { onHand: number; reserved: number };

/**
 * Which level the move applies to:
 * - `existing` (default): the level must exist;
 * - `upsert`: creates the level when the warehouse never held the product (a restock);
 * - `new`: the level must not exist yet (a first count); refused when it does.
 */
export type MoveTarget = "existing" | "upsert" | "new";

const guard = (m: StockMove) =>
  sql`il.on_hand + ${m.onHandDelta}::int >= 0 and il.reserved + ${m.reservedDelta}::int >= 0 and il.reserved + ${m.reservedDelta}::int <= il.on_hand + ${m.onHandDelta}::int`;

function levelChange(m: StockMove, target: MoveTarget) {
  const add = sql`on_hand = il.on_hand + ${m.onHandDelta}::int, reserved = il.reserved + ${m.reservedDelta}::int, updated_at = now()`;
  if (target === "existing") {
    return sql`update inventory_levels il set ${add}
      where il.warehouse_id = ${m.warehouseId}::uuid and il.product_id = ${m.productId}::uuid and ${guard(m)}
      returning il.on_hand, il.reserved`;
  }
  const insert = sql`insert into inventory_levels as il (warehouse_id, product_id, on_hand, reserved)
    values (${m.warehouseId}::uuid, ${m.productId}::uuid, ${m.onHandDelta}::int, ${m.reservedDelta}::int)`;
  return target === "new"
    ? sql`${insert} on conflict (warehouse_id, product_id) do nothing returning il.on_hand, il.reserved`
    : sql`${insert} on conflict (warehouse_id, product_id) do update set ${add} where ${guard(m)} returning il.on_hand, il.reserved`;
}

/** The ledger reason's column type (text or an enum), so the parameter is cast to it whichever it is. */
const reasonType = sql.raw(inventoryLedger.reason.getSQLType());

/**
 * Moves stock of one (warehouse, product) by the deltas and writes its ledger row, in one
 * statement in the caller's transaction. The move is guarded in the statement itself: it is
 * refused, writing nothing (neither level nor ledger row), when the level is missing (or, for
 * `new`, exists) or when it would take on_hand or reserved below zero or reserved above
 * on_hand. A move of zero units writes no ledger row. Returns the level after, or null when refused.
 */
export async function moveStock(tx: Tx, move: StockMove, target: MoveTarget = "existing"): Promise<LevelAfter | null> {
  const ledger =
    move.onHandDelta === 0 && move.reservedDelta === 0
      ? sql``
      : sql`, ledger as (
          insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason, reference_type, reference_id)
          select ${move.warehouseId}::uuid, ${move.productId}::uuid, ${move.onHandDelta}::int, ${move.reservedDelta}::int,
            ${move.reason}::${reasonType}, ${move.referenceType ?? null}::text, ${move.referenceId ?? null}::text
          from level
        )`;
  const [level] = await tx.execute<{ on_hand: number; reserved: number }>(sql`with level as (${levelChange(move, target)})${ledger} select on_hand, reserved from level`);
  return level ? { onHand: Number(level.on_hand), reserved: Number(level.reserved) } : null;
}

/** Stock rows are always touched in (warehouse, product) order, so concurrent moves cannot deadlock. */
const byLevel = (a: StockMove, b: StockMove) => a.warehouseId.localeCompare(b.warehouseId) || a.productId.localeCompare(b.productId);

/**
 * Several moves, one statement each, in (warehouse, product) order. Stops at the first refused
 * move and returns it (the moves before it stay applied with their ledger rows: the caller
 * throws to roll its transaction back); null when all were applied.
 */
export async function moveStockInOrder<M extends StockMove>(tx: Tx, moves: M[]): Promise<M | null> {
  for (const move of [...moves].sort(byLevel)) {
    if (!(await moveStock(tx, move))) return move;
  }
  return null;
}

/** The error for a move refused where the caller's own checks (and locks) say it cannot be: the level drifted. */
export function stockRefused(move: StockMove): DomainError {
  return new DomainError("CONFLICT", "This product's stock level changed meanwhile (it holds fewer units than this change needs). Reload and try again.", {
    reason: "stock_refused",
    warehouseId: move.warehouseId,
    productId: move.productId,
  });
}

/** A level's low-stock threshold: a setting of the level, not a stock movement, so no ledger row. */
export async function writeLowStockThreshold(tx: Tx, level: { warehouseId: string; productId: string; threshold: number }): Promise<void> {
  await tx.execute(sql`update inventory_levels set low_stock_threshold = ${level.threshold}, updated_at = now()
    where warehouse_id = ${level.warehouseId}::uuid and product_id = ${level.productId}::uuid`);
}
