"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useDeferredValue, useState, type FormEvent } from "react";
import { KeysetPager, useKeysetPages } from "@/components/console/keyset-pager";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { WarehouseFilter } from "./warehouse-filter";
import type { LevelCursor, LevelRow } from "@/server/inventory";

const PAGE_SIZE = 50;
type Editing = { key: string; kind: "adjust" | "threshold" } | null;
type Notice = { tone: "success" | "info"; text: string };

const keyOf = (row: LevelRow) => `${row.warehouseId}:${row.productId}`;

/** Stock levels with filters, keyset pages, and per-row stock adjustment and threshold edit. */
export function LevelsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [warehouseId, setWarehouseId] = useState("");
  const [search, setSearch] = useState("");
  const [lowOnly, setLowOnly] = useState(false);
  const pages = useKeysetPages<LevelCursor>();
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const deferredSearch = useDeferredValue(search.trim());

  const sites = useQuery(trpc.console.warehouses.queryOptions());
  const levels = useQuery({
    ...trpc.inventory.levels.queryOptions({ warehouseId: warehouseId || undefined, search: deferredSearch || undefined, lowOnly, after: pages.cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.inventory.levels.queryKey() });

  return (
    <section aria-labelledby="levels-heading" className="space-y-3">
      <h2 id="levels-heading" className="text-lg font-semibold text-slate-900">
        Stock levels
      </h2>
      <Card>
        <form className="grid gap-4 sm:grid-cols-[12rem_minmax(0,1fr)_auto] sm:items-end" role="search" aria-label="Filter stock levels" onSubmit={(e) => e.preventDefault()}>
          <WarehouseFilter
            id="levels-warehouse"
            value={warehouseId}
            options={(sites.data ?? []).map((w) => ({ id: w.id, label: `${w.code} · ${w.name}` }))}
            onChange={(id) => {
              setWarehouseId(id);
              pages.reset();
            }}
          />
          <div className="space-y-1.5">
            <Label htmlFor="levels-search">SKU or name</Label>
            <Input
              id="levels-search"
              type="search"
              value={search}
              maxLength={100}
              placeholder="e.g. MUG or ceramic"
              onChange={(e) => {
                setSearch(e.target.value);
                pages.reset();
              }}
            />
          </div>
          <label htmlFor="levels-low" className="inline-flex h-11 items-center gap-2 text-sm font-medium text-slate-800">
            <input
              id="levels-low"
              type="checkbox"
              className="size-4 rounded border-slate-300"
              checked={lowOnly}
              onChange={(e) => {
                setLowOnly(e.target.checked);
                pages.reset();
              }}
            />
            Low stock only
          </label>
        </form>
      </Card>

      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      {levels.error && (
        <Alert tone="error" title="Stock levels unavailable">
          {errorInfo(levels.error).message}
        </Alert>
      )}

      <Table
        caption="Stock levels"
        busy={levels.isFetching}
        empty={levels.data ? levels.data.rows.length === 0 && "No stock levels match these filters." : !levels.error && "Loading…"}
      >
        <TableHead>
          <Th>SKU</Th>
          <Th>Warehouse</Th>
          <Th numeric>On hand</Th>
          <Th numeric>Reserved</Th>
          <Th numeric>Available</Th>
          <Th numeric>Threshold</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </TableHead>
        <TableBody>
          {levels.data?.rows.map((row) => {
            const key = keyOf(row);
            const open = editing?.key === key ? editing.kind : null;
            return (
              <Fragment key={key}>
                <tr aria-label={`${row.sku} in ${row.warehouseCode}`} className={row.low ? "bg-amber-50/50" : undefined}>
                  <Td>
                    <Link href={`/console/inventory/${encodeURIComponent(row.sku)}`} className="font-mono text-brand-700 hover:underline">
                      {row.sku}
                    </Link>
                    <span className="block max-w-64 truncate text-xs text-slate-500">{row.name}</span>
                  </Td>
                  <Td>{row.warehouseCode}</Td>
                  <Td numeric>{row.onHand}</Td>
                  <Td numeric>{row.reserved}</Td>
                  <Td numeric>
                    {row.low && (
                      <Badge tone={row.available <= 0 ? "danger" : "warning"} className="mr-2">
                        {row.available <= 0 ? "Out" : "Low"}
                      </Badge>
                    )}
                    {row.available}
                  </Td>
                  <Td numeric>{row.threshold}</Td>
                  <Td>
                    <div className="flex justify-end gap-2">
                      <Button size="sm" variant="secondary" aria-expanded={open === "adjust"} onClick={() => setEditing(open === "adjust" ? null : { key, kind: "adjust" })}>
                        Adjust<span className="sr-only"> {row.sku} in {row.warehouseCode}</span>
                      </Button>
                      <Button size="sm" variant="ghost" aria-expanded={open === "threshold"} onClick={() => setEditing(open === "threshold" ? null : { key, kind: "threshold" })}>
                        Threshold<span className="sr-only"> of {row.sku} in {row.warehouseCode}</span>
                      </Button>
                    </div>
                  </Td>
                </tr>
                {open && (
                  <tr>
                    <td colSpan={7} className="bg-slate-50 px-4 py-3">
                      {open === "adjust" ? (
                        <AdjustForm
                          row={row}
                          onDone={(text) => {
                            setEditing(null);
                            setNotice({ tone: "success", text });
                            void refresh();
                          }}
                          onCancel={() => setEditing(null)}
                        />
                      ) : (
                        <ThresholdForm
                          row={row}
                          onDone={(notice) => {
                            setEditing(null);
                            setNotice(notice);
                            void refresh();
                          }}
                          onCancel={() => setEditing(null)}
                        />
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
      <KeysetPager label="Stock level pages" pages={pages} nextCursor={levels.data?.next} stale={levels.isPlaceholderData} size="sm" className="justify-end" />
    </section>
  );
}

function AdjustForm({ row, onDone, onCancel }: { row: LevelRow; onDone: (text: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState("");
  const adjust = useMutation(trpc.inventory.adjust.mutationOptions());
  const value = Number(delta);
  const valid = delta.trim() !== "" && Number.isInteger(value) && value !== 0;
  const error = adjust.error ? errorInfo(adjust.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid || reason.trim().length < 3 || adjust.isPending) return;
    adjust.mutate(
      { warehouseId: row.warehouseId, productId: row.productId, delta: value, reason: reason.trim(), expectedOnHand: row.onHand },
      { onSuccess: (res) => onDone(`${row.sku} in ${row.warehouseCode}: on hand ${row.onHand} → ${res.onHand}.${res.lowStockAlert ? " It is now low on stock: an alert was raised." : ""}`) },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Adjust ${row.sku} in ${row.warehouseCode}`} className="grid gap-3 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-end">
      <div className="space-y-1.5">
        <Label htmlFor="adjust-delta">Change in units</Label>
        <Input
          id="adjust-delta"
          type="number"
          inputMode="numeric"
          step={1}
          value={delta}
          onChange={(e) => setDelta(e.target.value)}
          placeholder="e.g. -3 or 12"
          autoFocus
          aria-describedby="adjust-delta-hint adjust-error"
          invalid={Boolean(error?.fieldErrors.delta)}
        />
        <p id="adjust-delta-hint" className="text-xs text-slate-500">
          On hand now {row.onHand}; it can&apos;t go below the {row.reserved} reserved.
        </p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="adjust-reason">Reason</Label>
        <Input id="adjust-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. cycle count, damaged" required invalid={Boolean(error?.fieldErrors.reason)} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" loading={adjust.isPending} disabled={!valid || reason.trim().length < 3}>
          Save adjustment
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <div className="sm:col-span-3">
        <FieldError id="adjust-error" messages={error?.message} />
      </div>
    </form>
  );
}

function ThresholdForm({ row, onDone, onCancel }: { row: LevelRow; onDone: (notice: Notice) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [threshold, setThreshold] = useState(String(row.threshold));
  const save = useMutation(trpc.inventory.setThreshold.mutationOptions());
  const value = Number(threshold);
  const valid = threshold.trim() !== "" && Number.isInteger(value) && value >= 0;
  const error = save.error ? errorInfo(save.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid || save.isPending) return;
    save.mutate(
      { warehouseId: row.warehouseId, productId: row.productId, threshold: value },
      {
        onSuccess: (res) =>
          onDone(
            res.outcome === "changed"
              ? { tone: "success", text: `${row.sku} in ${row.warehouseCode}: low-stock threshold ${row.threshold} → ${res.threshold}.${res.lowStockAlert ? " It is low on stock: an alert was raised." : ""}` }
              : { tone: "info", text: `${row.sku} in ${row.warehouseCode} already has threshold ${res.threshold}. Nothing changed.` },
          ),
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Threshold of ${row.sku} in ${row.warehouseCode}`} className="grid gap-3 sm:grid-cols-[12rem_auto] sm:items-end">
      <div className="space-y-1.5">
        <Label htmlFor="threshold-value">Low-stock threshold</Label>
        <Input
          id="threshold-value"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={threshold}
          onChange={(e) => setThreshold(e.target.value)}
          autoFocus
          aria-describedby="threshold-error"
          invalid={!valid}
        />
      </div>
      <div className="flex gap-2">
        <Button type="submit" loading={save.isPending} disabled={!valid}>
          Save threshold
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <div className="sm:col-span-2">
        <FieldError id="threshold-error" messages={error?.message} />
      </div>
    </form>
  );
}
