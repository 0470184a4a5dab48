"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, FieldHint, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { showAmount } from "./amount";
import type { PriceChange } from "@/server/catalog/price-import";
import type { StockChange } from "@/server/inventory/stock-import";
import type { ImportReport } from "@/server/lib/csv";

type Kind = "stock" | "prices";
type Result = { kind: "stock"; report: ImportReport<StockChange> } | { kind: "prices"; report: ImportReport<PriceChange> };

const MAX_BYTES = 2_000_000;
const columns: Record<Kind, string> = { stock: "warehouse_code,sku,on_hand", prices: "sku,currency,amount" };

/**
 * CSV import of stock counts (ops) or prices (administrators only, PR-P1-03). A dry run checks
 * the file and shows what would change; a real import applies all rows or none, and any row
 * problem is listed with its row number (the header is row 1) and column.
 */
export function CsvImport({ canImportPrices }: { canImportPrices: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("stock");
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const stock = useMutation(trpc.inventory.importStock.mutationOptions());
  const prices = useMutation(trpc.inventory.importPrices.mutationOptions());
  const pending = stock.isPending || prices.isPending;
  const failure = stock.error ?? prices.error;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult(null);
    stock.reset();
    prices.reset();
    if (!file) return setFileError("Choose a CSV file.");
    if (file.size > MAX_BYTES) return setFileError("The file is too large: at most 2 MB.");
    setFileError(null);
    const csv = await file.text();
    const done = () => void queryClient.invalidateQueries({ queryKey: trpc.inventory.levels.queryKey() });
    if (kind === "stock") stock.mutate({ csv, dryRun }, { onSuccess: (report) => setResult({ kind, report }), onSettled: done });
    else prices.mutate({ csv, dryRun }, { onSuccess: (report) => setResult({ kind, report }), onSettled: done });
  }

  return (
    <section aria-labelledby="import-heading" className="space-y-3">
      <h2 id="import-heading" className="text-lg font-semibold text-slate-900">
        Import CSV
      </h2>
      <Card className="space-y-4">
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-[14rem_minmax(0,1fr)] sm:items-start">
          <div className="space-y-1.5">
            <Label htmlFor="import-type">Import type</Label>
            <Select
              id="import-type"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setResult(null);
              }}
            >
              <option value="stock">Stock counts</option>
              <option value="prices" disabled={!canImportPrices}>
                Prices{canImportPrices ? "" : " (administrators only)"}
              </option>
            </Select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="import-file">CSV file</Label>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby="import-file-hint import-file-error"
              aria-invalid={fileError ? true : undefined}
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setFileError(null);
                setResult(null);
              }}
            />
            <FieldHint id="import-file-hint">
              Header row <code className="font-mono">{columns[kind]}</code>
              {kind === "stock" ? " — sets each warehouse's on-hand count (never below what is reserved)." : " — closes each product's current price and opens the new one."}
            </FieldHint>
            <FieldError id="import-file-error" messages={fileError} />
          </div>
          <div className="flex flex-wrap items-center gap-4 sm:col-span-2">
            <label htmlFor="import-dry-run" className="inline-flex items-center gap-2 text-sm font-medium text-slate-800">
              <input id="import-dry-run" type="checkbox" className="size-4 rounded border-slate-300" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
              Dry run
              <span className="font-normal text-slate-500">(check the file and show the changes without applying them)</span>
            </label>
            <Button type="submit" loading={pending}>
              Import
            </Button>
          </div>
        </form>
      </Card>

      {failure && (
        <Alert tone="error" title="Import refused">
          {errorInfo(failure).message}
        </Alert>
      )}
      {result && <ImportResult result={result} />}
    </section>
  );
}

function ImportResult({ result }: { result: Result }) {
  const { report } = result;
  const what = result.kind === "stock" ? "stock" : "price";
  const summary = `${report.rows} ${report.rows === 1 ? "row" : "rows"} read · ${report.changes.length} to change · ${report.unchanged} unchanged`;
  return (
    <div className="space-y-3" aria-live="polite">
      {report.errors.length > 0 ? (
        <Alert tone="error" title={report.dryRun ? "The file has problems" : "Nothing was imported"}>
          {report.errors.length} {report.errors.length === 1 ? "problem" : "problems"} found. {report.dryRun ? "Fix them before importing." : "The import is all or nothing: fix the rows below and import the file again."}
        </Alert>
      ) : report.applied ? (
        <Alert tone="success" title={`The ${what} import is applied`}>
          {summary}.
        </Alert>
      ) : (
        <Alert tone="info" title="Dry run: nothing changed">
          {summary}. Untick “Dry run” and import again to apply.
        </Alert>
      )}

      {report.errors.length > 0 && (
        <div className="overflow-x-auto rounded-xl border border-red-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="px-4 py-2 text-left font-semibold text-slate-900">Row errors</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">Row</th>
                <th scope="col" className="px-4 py-2">Column</th>
                <th scope="col" className="px-4 py-2">Message</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.errors.map((e, i) => (
                <tr key={`${e.row}-${e.column ?? ""}-${i}`}>
                  <td className="px-4 py-2 tabular-nums">{e.row}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.column ?? "—"}</td>
                  <td className="px-4 py-2">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {report.changes.length > 0 && (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="px-4 py-2 text-left font-semibold text-slate-900">{report.applied ? "Changes applied" : "Changes to apply"}</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              {result.kind === "stock" ? (
                <tr>
                  <th scope="col" className="px-4 py-2">Row</th>
                  <th scope="col" className="px-4 py-2">Warehouse</th>
                  <th scope="col" className="px-4 py-2">SKU</th>
                  <th scope="col" className="px-4 py-2 text-right">On hand before</th>
                  <th scope="col" className="px-4 py-2 text-right">On hand after</th>
                </tr>
              ) : (
                <tr>
                  <th scope="col" className="px-4 py-2">Row</th>
                  <th scope="col" className="px-4 py-2">SKU</th>
                  <th scope="col" className="px-4 py-2">Currency</th>
                  <th scope="col" className="px-4 py-2 text-right">Price before</th>
                  <th scope="col" className="px-4 py-2 text-right">New price</th>
                </tr>
              )}
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.kind === "stock"
                ? result.report.changes.map((c) => (
                    <tr key={c.row}>
                      <td className="px-4 py-2 tabular-nums">{c.row}</td>
                      <td className="px-4 py-2">{c.warehouseCode}</td>
                      <td className="px-4 py-2 font-mono">{c.sku}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{c.created ? "new level" : c.onHandBefore}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{c.onHand}</td>
                    </tr>
                  ))
                : result.report.changes.map((c) => (
                    <tr key={c.row}>
                      <td className="px-4 py-2 tabular-nums">{c.row}</td>
                      <td className="px-4 py-2 font-mono">{c.sku}</td>
                      <td className="px-4 py-2">{c.currency}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{c.previous ? showAmount(c.previous) : "none"}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{showAmount(c.amount)}</td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
