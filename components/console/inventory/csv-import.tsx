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
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { showAmount } from "./amount";
import type { PriceChange } from "@/server/catalog";
import type { StockChange } from "@/server/inventory";
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
        <Table caption="Row errors" showCaption tone="danger">
          <TableHead>
            <Th>Row</Th>
            <Th>Column</Th>
            <Th>Message</Th>
          </TableHead>
          <TableBody>
            {report.errors.map((e, i) => (
              <tr key={`${e.row}-${e.column ?? ""}-${i}`}>
                <Td className="tabular-nums">{e.row}</Td>
                <Td className="font-mono text-xs">{e.column ?? "—"}</Td>
                <Td>{e.message}</Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}

      {report.changes.length > 0 && (
        <Table caption={report.applied ? "Changes applied" : "Changes to apply"} showCaption>
          {result.kind === "stock" ? (
            <TableHead>
              <Th>Row</Th>
              <Th>Warehouse</Th>
              <Th>SKU</Th>
              <Th numeric>On hand before</Th>
              <Th numeric>On hand after</Th>
            </TableHead>
          ) : (
            <TableHead>
              <Th>Row</Th>
              <Th>SKU</Th>
              <Th>Currency</Th>
              <Th numeric>Price before</Th>
              <Th numeric>New price</Th>
            </TableHead>
          )}
          <TableBody>
            {result.kind === "stock"
              ? result.report.changes.map((c) => (
                  <tr key={c.row}>
                    <Td className="tabular-nums">{c.row}</Td>
                    <Td>{c.warehouseCode}</Td>
                    <Td className="font-mono">{c.sku}</Td>
                    <Td numeric>{c.created ? "new level" : c.onHandBefore}</Td>
                    <Td numeric>{c.onHand}</Td>
                  </tr>
                ))
              : result.report.changes.map((c) => (
                  <tr key={c.row}>
                    <Td className="tabular-nums">{c.row}</Td>
                    <Td className="font-mono">{c.sku}</Td>
                    <Td>{c.currency}</Td>
                    <Td numeric>{c.previous ? showAmount(c.previous) : "none"}</Td>
                    <Td numeric>{showAmount(c.amount)}</Td>
                  </tr>
                ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
