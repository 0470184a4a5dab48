import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { inventoryLevels, products, warehouses } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { emptyReport, MAX_IMPORT_ROWS, readCsv, readHeader, type ImportReport, type RowError } from "@/server/lib/csv";
import { DomainError } from "@/server/lib/errors";
import { raiseLowStockIfNeeded } from "./low-stock";
import { moveStock, stockRefused, type StockMove } from "./move-stock";

export type StockChange = { row: number; warehouseCode: string; sku: string; onHandBefore: number; onHand: number; reserved: number; created: boolean };

const stockColumns = ["warehouse_code", "sku", "on_hand"] as const;

/**
 * Stock counts from a CSV file `warehouse_code,sku,on_hand` (any column order): each row sets
 * the on-hand figure of one warehouse and SKU through an adjustment (a ledger row `adjustment`
 * referencing the import), never below what is reserved. All or nothing: every row is checked
 * first, with the levels locked in (warehouse, product) order, and one bad row — or a dry run —
 * writes nothing; the report lists each problem with its row (the header is row 1) and column.
 * An applied import writes one audit row.
 */
export async function importStock(tx: Tx, actor: SessionUser, input: { csv: string; dryRun: boolean }): Promise<ImportReport<StockChange>> {
  const parsed = readCsv(input.csv);
  if (!parsed.ok) return emptyReport(input.dryRun, 0, parsed.errors);
  const header = readHeader(parsed.records, stockColumns);
  if (!header.ok) return emptyReport(input.dryRun, Math.max(0, parsed.records.length - 1), header.errors);
  const rows = header.rows;
  if (rows.length === 0) return emptyReport(input.dryRun, 0, [{ row: 2, column: null, message: "The file has a header but no rows." }]);
  if (rows.length > MAX_IMPORT_ROWS) {
    return emptyReport(input.dryRun, rows.length, [{ row: rows[MAX_IMPORT_ROWS]!.line, column: null, message: `A file may hold at most ${MAX_IMPORT_ROWS} rows; split it.` }]);
  }

  const errors: RowError[] = [];
  type Parsed = { row: number; code: string; sku: string; onHand: number };
  const wanted: Parsed[] = [];
  for (const record of rows) {
    const cell = (c: (typeof stockColumns)[number]) => (record.fields[header.index[c]] ?? "").trim();
    if (record.fields.length !== stockColumns.length) {
      errors.push({ row: record.line, column: null, message: `Expected ${stockColumns.length} fields, found ${record.fields.length}.` });
      continue;
    }
    const code = cell("warehouse_code").toUpperCase();
    const sku = cell("sku");
    const raw = cell("on_hand");
    let ok = true;
    if (!code) {
      errors.push({ row: record.line, column: "warehouse_code", message: "The warehouse code is empty." });
      ok = false;
    }
    if (!sku) {
      errors.push({ row: record.line, column: "sku", message: "The SKU is empty." });
      ok = false;
    }
    if (!/^\d+$/.test(raw) || Number(raw) > 1_000_000_000) {
      errors.push({ row: record.line, column: "on_hand", message: raw === "" ? "On hand is empty." : `On hand must be a whole number of 0 or more, not "${raw}".` });
      ok = false;
    }
    if (ok) wanted.push({ row: record.line, code, sku, onHand: Number(raw) });
  }

  // Names to ids.
  const codes = [...new Set(wanted.map((w) => w.code))];
  const skus = [...new Set(wanted.map((w) => w.sku))];
  const [sites, items] = await Promise.all([
    codes.length ? tx.select({ id: warehouses.id, code: warehouses.code }).from(warehouses).where(inArray(warehouses.code, codes)) : [],
    skus.length ? tx.select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, skus)) : [],
  ]);
  const siteId = new Map(sites.map((s) => [s.code, s.id]));
  const productId = new Map(items.map((p) => [p.sku, p.id]));
  const seen = new Map<string, number>();
  type Resolved = Parsed & { warehouseId: string; productId: string };
  const resolved: Resolved[] = [];
  for (const w of wanted) {
    const wid = siteId.get(w.code);
    const pid = productId.get(w.sku);
    if (!wid) errors.push({ row: w.row, column: "warehouse_code", message: `There is no warehouse ${w.code}.` });
    if (!pid) errors.push({ row: w.row, column: "sku", message: `There is no product with SKU ${w.sku}.` });
    if (!wid || !pid) continue;
    const key = `${wid}:${pid}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row: w.row, column: "sku", message: `${w.sku} in ${w.code} is already set on row ${first}.` });
      continue;
    }
    seen.set(key, w.row);
    resolved.push({ ...w, warehouseId: wid, productId: pid });
  }

  // Lock the existing levels in (warehouse, product) order and check each target against what is reserved.
  resolved.sort((a, b) => a.warehouseId.localeCompare(b.warehouseId) || a.productId.localeCompare(b.productId));
  const levels = resolved.length
    ? await tx
        .select({ warehouseId: inventoryLevels.warehouseId, productId: inventoryLevels.productId, onHand: inventoryLevels.onHand, reserved: inventoryLevels.reserved })
        .from(inventoryLevels)
        .where(sql`(${inventoryLevels.warehouseId}, ${inventoryLevels.productId}) in (${sql.join(
          resolved.map((r) => sql`(${r.warehouseId}::uuid, ${r.productId}::uuid)`),
          sql`, `,
        )})`)
        .orderBy(inventoryLevels.warehouseId, inventoryLevels.productId)
        .for("update")
    : [];
  const current = new Map(levels.map((l) => [`${l.warehouseId}:${l.productId}`, l]));
  const changes: StockChange[] = [];
  let unchanged = 0;
  for (const r of resolved) {
    const level = current.get(`${r.warehouseId}:${r.productId}`);
    const reserved = level?.reserved ?? 0;
    if (r.onHand < reserved) {
      errors.push({ row: r.row, column: "on_hand", message: `${r.sku} in ${r.code} has ${reserved} units reserved for orders; on hand can't be set below that.` });
      continue;
    }
    if (level && level.onHand === r.onHand) {
      unchanged += 1;
      continue;
    }
    changes.push({ row: r.row, warehouseCode: r.code, sku: r.sku, onHandBefore: level?.onHand ?? 0, onHand: r.onHand, reserved, created: !level });
  }

  errors.sort((a, b) => a.row - b.row);
  if (errors.length > 0 || input.dryRun) {
    return { dryRun: input.dryRun, applied: false, importId: null, rows: rows.length, changes: errors.length > 0 ? [] : changes, unchanged, errors };
  }

  if (changes.length === 0) return { dryRun: false, applied: true, importId: null, rows: rows.length, changes, unchanged, errors: [] };
  const importId = randomUUID();
  const byKey = new Map(resolved.map((r) => [`${r.code}:${r.sku}`, r]));
  for (const change of changes) {
    const r = byKey.get(`${change.warehouseCode}:${change.sku}`)!;
    // Existing levels are locked: moving on hand by the difference sets it to the figure. A new level of 0 writes no ledger row.
    const count: StockMove = {
      warehouseId: r.warehouseId,
      productId: r.productId,
      onHandDelta: change.onHand - change.onHandBefore,
      reservedDelta: 0,
      reason: "adjustment",
      referenceType: "stock_import",
      referenceId: importId,
    };
    if (change.created) {
      if (!(await moveStock(tx, count, "new"))) {
        // Created by someone else since the check: the file is out of date, change nothing.
        throw new DomainError("CONFLICT", `Row ${change.row}: ${change.sku} in ${change.warehouseCode} got a stock level meanwhile. Import the file again.`, { reason: "import_conflict" });
      }
    } else if (!(await moveStock(tx, count))) {
      throw stockRefused(count);
    }
    if (change.onHand < change.onHandBefore) await raiseLowStockIfNeeded(tx, r.warehouseId, r.productId);
  }
  await recordAudit(tx, actor, {
    action: "inventory.import",
    targetType: "stock_import",
    targetId: importId,
    targetLabel: `stock import of ${rows.length} ${rows.length === 1 ? "row" : "rows"}`,
    reason: `stock import of ${rows.length} ${rows.length === 1 ? "row" : "rows"}`,
    details: {
      rows: rows.length,
      unchanged,
      changes: changes.map((c) => ({ warehouse: c.warehouseCode, sku: c.sku, from: c.onHandBefore, to: c.onHand })),
    },
  });
  return { dryRun: false, applied: true, importId, rows: rows.length, changes, unchanged, errors: [] };
}
