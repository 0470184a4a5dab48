import { randomUUID } from "node:crypto";
import { and, inArray, isNull, eq } from "drizzle-orm";
import { amount, MAX_AMOUNT, toDb } from "@/server/vocabulary/money";
import type { Tx } from "@/db/client";
import { productPrices, products } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { emptyReport, MAX_IMPORT_ROWS, readCsv, readHeader, type ImportReport, type RowError } from "@/server/lib/csv";
import { DomainError } from "@/server/lib/errors";
import { changePrice } from "./prices";

/**
 * Operator price changes: one product at a time (an override) or a CSV file (PR-P1-02), each
 * through `changePrice` — the open price is closed and a new one opened, history kept
 * (PR-P1-01). Administrators only (PR-P1-03): the router uses the admin procedure and these
 * functions refuse anyone else as well.
 */

function requireAdmin(actor: SessionUser) {
  if (actor.role !== "admin") throw new DomainError("FORBIDDEN", "Only an administrator may change prices.", { reason: "admin_only" });
}

const currencyPattern = /^[A-Z]{3}$/;
/** A price as text: digits, then at most 4 decimals after a dot. */
export const PRICE_PATTERN = /^\d{1,15}(\.\d{1,4})?$/;

/** A price as typed: "12", "12.5", "12.3456"; at most 4 decimals, never negative. Returns an error message or the numeric(19,4) text. */
export function readPrice(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const text = raw.trim();
  if (text === "") return { ok: false, message: "The amount is empty." };
  if (text.startsWith("-")) return { ok: false, message: `A price can't be negative ("${text}").` };
  if (!PRICE_PATTERN.test(text)) return { ok: false, message: `Write the amount with a dot and at most 4 decimals, e.g. 12.50, not "${text}".` };
  const value = amount(text);
  if (value.greaterThan(MAX_AMOUNT)) return { ok: false, message: `The amount ${text} is too large.` };
  return { ok: true, value: toDb(value) };
}

export type PriceChange = { row: number; sku: string; currency: string; previous: string | null; amount: string };

async function openPrices(tx: Tx, productIds: string[]) {
  if (productIds.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ productId: productPrices.productId, currency: productPrices.currency, amount: productPrices.amount })
    .from(productPrices)
    .where(and(inArray(productPrices.productId, productIds), isNull(productPrices.effectiveTo)));
  return new Map(rows.map((r) => [`${r.productId}:${r.currency}`, r.amount]));
}

/** One product's price set by an administrator, with a reason, audited. The same price again changes nothing. */
export async function overridePrice(
  tx: Tx,
  actor: SessionUser,
  input: { sku: string; currency: string; amount: string; reason: string },
): Promise<{ outcome: "changed" | "unchanged"; previous: string | null; amount: string }> {
  requireAdmin(actor);
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError("INVALID_INPUT", "Say why the price changes (at least 3 characters).", { reason: "reason_required" });
  const currency = input.currency.trim().toUpperCase();
  if (!currencyPattern.test(currency)) throw new DomainError("INVALID_INPUT", "A currency is three letters, e.g. USD.", { reason: "invalid_currency" });
  const price = readPrice(input.amount);
  if (!price.ok) throw new DomainError("INVALID_INPUT", price.message, { reason: "invalid_amount" });
  const [product] = await tx.select({ id: products.id, sku: products.sku }).from(products).where(eq(products.sku, input.sku)).for("update");
  if (!product) throw new DomainError("NOT_FOUND", `There is no product with SKU ${input.sku}.`);
  const previous = (await openPrices(tx, [product.id])).get(`${product.id}:${currency}`) ?? null;
  if (previous !== null && amount(previous).equals(amount(price.value))) return { outcome: "unchanged", previous, amount: previous };
  await changePrice(tx, { productId: product.id, currency, amount: price.value });
  await recordAudit(tx, actor, {
    action: "price.override",
    targetType: "product",
    targetId: product.id,
    targetLabel: product.sku,
    reason,
    details: { sku: product.sku, currency, previous, amount: price.value },
  });
  return { outcome: "changed", previous, amount: price.value };
}

const priceColumns = ["sku", "currency", "amount"] as const;

/**
 * Prices from a CSV file `sku,currency,amount` (PR-P1-02): each row closes the product's open
 * price in that currency and opens the new one. All or nothing, like the stock import: every
 * row is checked first and one bad row — or a dry run — writes nothing. Products are changed
 * in id order (their rows are locked by `changePrice`), so two imports at once cannot deadlock.
 */
export async function importPrices(tx: Tx, actor: SessionUser, input: { csv: string; dryRun: boolean }): Promise<ImportReport<PriceChange>> {
  requireAdmin(actor);
  const parsed = readCsv(input.csv);
  if (!parsed.ok) return emptyReport(input.dryRun, 0, parsed.errors);
  const header = readHeader(parsed.records, priceColumns);
  if (!header.ok) return emptyReport(input.dryRun, Math.max(0, parsed.records.length - 1), header.errors);
  const rows = header.rows;
  if (rows.length === 0) return emptyReport(input.dryRun, 0, [{ row: 2, column: null, message: "The file has a header but no rows." }]);
  if (rows.length > MAX_IMPORT_ROWS) {
    return emptyReport(input.dryRun, rows.length, [{ row: rows[MAX_IMPORT_ROWS]!.line, column: null, message: `A file may hold at most ${MAX_IMPORT_ROWS} rows; split it.` }]);
  }

  const errors: RowError[] = [];
  type Parsed = { row: number; sku: string; currency: string; amount: string };
  const wanted: Parsed[] = [];
  for (const record of rows) {
    if (record.fields.length !== priceColumns.length) {
      errors.push({ row: record.line, column: null, message: `Expected ${priceColumns.length} fields, found ${record.fields.length}.` });
      continue;
    }
    const cell = (c: (typeof priceColumns)[number]) => (record.fields[header.index[c]] ?? "").trim();
    const sku = cell("sku");
    const currency = cell("currency").toUpperCase();
    const price = readPrice(cell("amount"));
    let ok = true;
    if (!sku) {
      errors.push({ row: record.line, column: "sku", message: "The SKU is empty." });
      ok = false;
    }
    if (!currencyPattern.test(currency)) {
      errors.push({ row: record.line, column: "currency", message: currency ? `A currency is three letters, e.g. USD, not "${cell("currency")}".` : "The currency is empty." });
      ok = false;
    }
    if (!price.ok) {
      errors.push({ row: record.line, column: "amount", message: price.message });
      ok = false;
    }
    if (ok && price.ok) wanted.push({ row: record.line, sku, currency, amount: price.value });
  }

  const skus = [...new Set(wanted.map((w) => w.sku))];
  const items = skus.length ? await tx.select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, skus)) : [];
  const productId = new Map(items.map((p) => [p.sku, p.id]));
  const current = await openPrices(tx, items.map((p) => p.id));
  const seen = new Map<string, number>();
  const changes: (PriceChange & { productId: string })[] = [];
  let unchanged = 0;
  for (const w of wanted) {
    const pid = productId.get(w.sku);
    if (!pid) {
      errors.push({ row: w.row, column: "sku", message: `There is no product with SKU ${w.sku}.` });
      continue;
    }
    const key = `${pid}:${w.currency}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row: w.row, column: "sku", message: `${w.sku} in ${w.currency} is already priced on row ${first}.` });
      continue;
    }
    seen.set(key, w.row);
    const previous = current.get(key) ?? null;
    if (previous !== null && amount(previous).equals(amount(w.amount))) {
      unchanged += 1;
      continue;
    }
    changes.push({ row: w.row, sku: w.sku, currency: w.currency, previous, amount: w.amount, productId: pid });
  }

  errors.sort((a, b) => a.row - b.row);
  const report = changes.map(({ productId: _id, ...c }) => c);
  if (errors.length > 0 || input.dryRun) {
    return { dryRun: input.dryRun, applied: false, importId: null, rows: rows.length, changes: errors.length > 0 ? [] : report, unchanged, errors };
  }
  if (changes.length === 0) return { dryRun: false, applied: true, importId: null, rows: rows.length, changes: [], unchanged, errors: [] };
  const importId = randomUUID();
  for (const c of [...changes].sort((a, b) => a.productId.localeCompare(b.productId) || a.currency.localeCompare(b.currency))) {
    await changePrice(tx, { productId: c.productId, currency: c.currency, amount: c.amount });
  }
  await recordAudit(tx, actor, {
    action: "price.import",
    targetType: "price_import",
    targetId: importId,
    targetLabel: `price import of ${rows.length} ${rows.length === 1 ? "row" : "rows"}`,
    reason: `price import of ${rows.length} ${rows.length === 1 ? "row" : "rows"}`,
    details: { rows: rows.length, unchanged, changes: report.map((c) => ({ sku: c.sku, currency: c.currency, from: c.previous, to: c.amount })) },
  });
  return { dryRun: false, applied: true, importId, rows: rows.length, changes: report, unchanged, errors: [] };
}
