import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inventoryLevels, productPrices, products, warehouses } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { DomainError } from "@/server/lib/errors";
import { raiseLowStockIfNeeded } from "./low-stock";
import { ledgerPage } from "./ledger-page";
import { levelWithNames } from "./level-row";
import { moveStock, stockRefused, writeLowStockThreshold, type StockMove } from "./move-stock";

/** Stock levels and manual stock changes for ops (WH-P1-02, WH-P1-03). */

export const MAX_THRESHOLD = 1_000_000;
export const MAX_ADJUSTMENT = 1_000_000;

export type LevelRow = {
  warehouseId: string;
  warehouseCode: string;
  productId: string;
  sku: string;
  name: string;
  onHand: number;
  reserved: number;
  available: number;
  threshold: number;
  low: boolean;
  updatedAt: Date;
};

export type LevelCursor = { sku: string; warehouseCode: string };

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Levels per warehouse, by SKU then warehouse code, in keyset pages: filter by warehouse, by
 * SKU or name (substring, any case) and to low stock only (available ≤ threshold).
 */
export async function listLevels(
  db: DbOrTx,
  filter: { warehouseId?: string; search?: string; lowOnly?: boolean; after?: LevelCursor; limit?: number } = {},
): Promise<{ rows: LevelRow[]; next: LevelCursor | null }> {
  const limit = filter.limit ?? 50;
  const where: SQL[] = [];
  if (filter.warehouseId) where.push(sql`il.warehouse_id = ${filter.warehouseId}`);
  const search = filter.search?.trim();
  if (search) where.push(sql`(p.sku ilike ${likePattern(search)} or p.name ilike ${likePattern(search)})`);
  if (filter.lowOnly) where.push(sql`il.on_hand - il.reserved <= il.low_stock_threshold`);
  if (filter.after) where.push(sql`(p.sku, w.code) > (${filter.after.sku}, ${filter.after.warehouseCode})`);
  const rows = await db.execute<{
    warehouse_id: string; code: string; product_id: string; sku: string; name: string;
    on_hand: number; reserved: number; threshold: number; updated_at: string;
  }>(sql`
    select il.warehouse_id, w.code, il.product_id, p.sku, p.name, il.on_hand, il.reserved,
      il.low_stock_threshold as threshold, il.updated_at::text as updated_at
    from inventory_levels il
    join warehouses w on w.id = il.warehouse_id
    join products p on p.id = il.product_id
    ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
    order by p.sku, w.code
    limit ${limit + 1}`);
  const list = Array.from(rows, (r): LevelRow => {
    const onHand = Number(r.on_hand);
    const reserved = Number(r.reserved);
    const threshold = Number(r.threshold);
    return {
      warehouseId: r.warehouse_id,
      warehouseCode: r.code,
      productId: r.product_id,
      sku: r.sku,
      name: r.name,
      onHand,
      reserved,
      available: onHand - reserved,
      threshold,
      low: onHand - reserved <= threshold,
      updatedAt: new Date(r.updated_at),
    };
  });
  const page = list.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: list.length > limit && last ? { sku: last.sku, warehouseCode: last.warehouseCode } : null };
}

/**
 * One SKU's product, its current prices, its level in every warehouse, and its ledger newest first in keyset pages
 * (by ledger id; `before` is the last id of the previous page), optionally for one warehouse.
 */
export async function skuLedger(db: DbOrTx, input: { sku: string; warehouseId?: string; before?: string; limit?: number }) {
  const limit = input.limit ?? 50;
  const [product] = await db.select({ id: products.id, sku: products.sku, name: products.name }).from(products).where(eq(products.sku, input.sku));
  if (!product) throw new DomainError("NOT_FOUND", `There is no product with SKU ${input.sku}.`);
  const [prices, productLevels, entries] = await Promise.all([
    db
      .select({ currency: productPrices.currency, amount: productPrices.amount, effectiveFrom: productPrices.effectiveFrom })
      .from(productPrices)
      .where(and(eq(productPrices.productId, product.id), isNull(productPrices.effectiveTo)))
      .orderBy(asc(productPrices.currency)),
    db
      .select({
        warehouseId: inventoryLevels.warehouseId,
        warehouseCode: warehouses.code,
        onHand: inventoryLevels.onHand,
        reserved: inventoryLevels.reserved,
        threshold: inventoryLevels.lowStockThreshold,
      })
      .from(inventoryLevels)
      .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
      .where(eq(inventoryLevels.productId, product.id))
      .orderBy(warehouses.code),
    ledgerPage(db, { productId: product.id, warehouseId: input.warehouseId, before: input.before, limit }),
  ]);
  return {
    product,
    prices,
    levels: productLevels.map((l) => ({ ...l, available: l.onHand - l.reserved, low: l.onHand - l.reserved <= l.threshold })),
    entries: entries.entries,
    next: entries.next,
  };
}

async function lockLevel(tx: Tx, warehouseId: string, productId: string) {
  const level = await levelWithNames(tx, warehouseId, productId, { lock: true });
  if (!level) throw new DomainError("NOT_FOUND", "That product has no stock level in this warehouse.");
  return level;
}

export type AdjustInput = {
  warehouseId: string;
  productId: string;
  /** Units added to (positive) or taken off (negative) on hand. */
  delta: number;
  reason: string;
  /** The on-hand figure the operator saw: refused if it moved meanwhile (so a double submit is one change). */
  expectedOnHand?: number;
};

/**
 * Stock counted or found different: on hand moves by `delta`, never below what is reserved
 * (orders hold those units), with a ledger row `adjustment` and an audit row, with the level's
 * row locked. A decrease that leaves the level low raises its low-stock alert (once).
 */
export async function adjustStock(tx: Tx, actor: SessionUser, input: AdjustInput): Promise<{ onHand: number; reserved: number; lowStockAlert: boolean }> {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError("INVALID_INPUT", "Say why the stock changes (at least 3 characters).", { reason: "reason_required" });
  if (!Number.isInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_ADJUSTMENT) {
    throw new DomainError("INVALID_INPUT", `Adjust by a whole number of units other than 0, at most ${MAX_ADJUSTMENT} either way.`, { reason: "invalid_delta" });
  }
  const level = await lockLevel(tx, input.warehouseId, input.productId);
  if (input.expectedOnHand !== undefined && level.onHand !== input.expectedOnHand) {
    throw new DomainError("CONFLICT", `${level.sku} in ${level.code} now has ${level.onHand} on hand, not ${input.expectedOnHand}: the stock changed meanwhile. Check the figure and try again.`, {
      reason: "stale_on_hand",
      onHand: level.onHand,
    });
  }
  const onHand = level.onHand + input.delta;
  if (onHand < level.reserved) {
    const most = level.onHand - level.reserved;
    throw new DomainError(
      "PRECONDITION_FAILED",
      `On hand can't go below the ${level.reserved} units reserved for orders: ${level.sku} in ${level.code} can lose at most ${most} ${most === 1 ? "unit" : "units"} now.`,
      { reason: "below_reserved", onHand: level.onHand, reserved: level.reserved, maxDecrease: most },
    );
  }
  const audit = await recordAudit(tx, actor, {
    action: "inventory.adjust",
    targetType: "inventory_level",
    targetId: `${input.warehouseId}:${input.productId}`,
    targetLabel: `${level.sku} at ${level.code}`,
    reason,
    details: { warehouseId: input.warehouseId, warehouse: level.code, productId: input.productId, sku: level.sku, delta: input.delta, onHandBefore: level.onHand, onHand },
  });
  // The ledger row points at the audit row that says who did it and why.
  const adjustment: StockMove = {
    warehouseId: input.warehouseId,
    productId: input.productId,
    onHandDelta: input.delta,
    reservedDelta: 0,
    reason: "adjustment",
    referenceType: "audit",
    referenceId: audit.id.toString(),
  };
  if (!(await moveStock(tx, adjustment))) throw stockRefused(adjustment);
  const lowStockAlert = input.delta < 0 ? await raiseLowStockIfNeeded(tx, input.warehouseId, input.productId) : false;
  return { onHand, reserved: level.reserved, lowStockAlert };
}

/** A level's low-stock threshold, audited; an unchanged value changes nothing. A level that becomes low by it alerts at once. */
export async function setLowStockThreshold(
  tx: Tx,
  actor: SessionUser,
  input: { warehouseId: string; productId: string; threshold: number; reason?: string },
): Promise<{ outcome: "changed" | "unchanged"; threshold: number; lowStockAlert: boolean }> {
  if (!Number.isInteger(input.threshold) || input.threshold < 0 || input.threshold > MAX_THRESHOLD) {
    throw new DomainError("INVALID_INPUT", `A threshold is a whole number from 0 to ${MAX_THRESHOLD}.`, { reason: "invalid_threshold" });
  }
  const level = await lockLevel(tx, input.warehouseId, input.productId);
  if (level.threshold === input.threshold) return { outcome: "unchanged", threshold: level.threshold, lowStockAlert: false };
  await writeLowStockThreshold(tx, { warehouseId: input.warehouseId, productId: input.productId, threshold: input.threshold });
  await recordAudit(tx, actor, {
    action: "inventory.set_threshold",
    targetType: "inventory_level",
    targetId: `${input.warehouseId}:${input.productId}`,
    targetLabel: `${level.sku} at ${level.code}`,
    reason: input.reason?.trim() ?? "",
    details: { warehouseId: input.warehouseId, warehouse: level.code, productId: input.productId, sku: level.sku, previous: level.threshold, threshold: input.threshold },
  });
  const lowStockAlert = await raiseLowStockIfNeeded(tx, input.warehouseId, input.productId);
  return { outcome: "changed", threshold: input.threshold, lowStockAlert };
}
