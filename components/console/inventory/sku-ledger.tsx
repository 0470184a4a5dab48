"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { KeysetPager, useKeysetPages } from "@/components/console/keyset-pager";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { WarehouseFilter } from "./warehouse-filter";
import { showAmount } from "./amount";

const PAGE_SIZE = 50;


function signed(n: number) {
  return n > 0 ? `+${n}` : String(n);
}

/** A SKU's levels per warehouse and its ledger newest first (keyset pages), and for administrators its price. */
export function SkuLedger({ sku, canChangePrice }: { sku: string; canChangePrice: boolean }) {
  const trpc = useTRPC();
  const [warehouseId, setWarehouseId] = useState("");
  const pages = useKeysetPages<string>();
  const ledger = useQuery({
    ...trpc.inventory.ledger.queryOptions({ sku, warehouseId: warehouseId || undefined, before: pages.cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const data = ledger.data;

  if (ledger.error && !data) {
    return (
      <Alert tone="error" title="Ledger unavailable">
        {errorInfo(ledger.error).message}
      </Alert>
    );
  }
  if (!data) return <p className="rounded-xl border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">Loading…</p>;

  return (
    <div className="space-y-8">
      <section aria-labelledby="sku-levels-heading" className="space-y-3">
        <h2 id="sku-levels-heading" className="text-lg font-semibold text-slate-900">
          {data.product.name}
        </h2>
        <dl className="grid gap-3 sm:grid-cols-3">
          {data.levels.map((l) => (
            <div key={l.warehouseId} className={`rounded-xl border p-4 shadow-sm ${l.low ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}>
              <dt className="flex items-center gap-2 text-sm font-medium text-slate-600">
                {l.warehouseCode}
                {l.low && <Badge tone={l.available <= 0 ? "danger" : "warning"}>{l.available <= 0 ? "Out of stock" : "Low stock"}</Badge>}
              </dt>
              <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{l.available} available</dd>
              <dd className="mt-1 text-xs text-slate-500">
                {l.onHand} on hand · {l.reserved} reserved · threshold {l.threshold}
              </dd>
            </div>
          ))}
          {data.levels.length === 0 && <p className="text-sm text-slate-600">This SKU is stocked in no warehouse.</p>}
        </dl>
      </section>

      {canChangePrice && <PriceOverride sku={sku} prices={data.prices} />}

      <section aria-labelledby="ledger-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="ledger-heading" className="text-lg font-semibold text-slate-900">
            Ledger
          </h2>
          <WarehouseFilter
            id="ledger-warehouse"
            className="w-56 space-y-1.5"
            value={warehouseId}
            options={data.levels.map((l) => ({ id: l.warehouseId, label: l.warehouseCode }))}
            onChange={(id) => {
              setWarehouseId(id);
              pages.reset();
            }}
          />
        </div>
        <Table
          caption={`Ledger of ${sku}, newest first, with the running balance of its warehouse after each movement`}
          busy={ledger.isFetching}
          empty={data.entries.length === 0 && "No stock movements yet."}
        >
          <TableHead>
            <Th>When</Th>
            <Th>Warehouse</Th>
            <Th>What</Th>
            <Th>Order</Th>
            <Th numeric>On hand</Th>
            <Th numeric>Reserved</Th>
            <Th numeric>On hand after</Th>
            <Th numeric>Reserved after</Th>
          </TableHead>
          <TableBody>
            {data.entries.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap">
                  <DateTime value={e.createdAt} style="datetime-seconds" />
                </Td>
                <Td>{e.warehouseCode}</Td>
                <Td>
                  {e.reasonText}
                  {e.note && <span className="block text-xs text-slate-500">“{e.note}”</span>}
                </Td>
                <Td>
                  {e.orderNumber ? (
                    <Link href={`/console/orders/${encodeURIComponent(e.orderNumber)}`} className="font-mono text-brand-700 hover:underline">
                      {e.orderNumber}
                    </Link>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Td>
                <Td numeric>{e.onHandDelta === 0 ? "" : signed(e.onHandDelta)}</Td>
                <Td numeric>{e.reservedDelta === 0 ? "" : signed(e.reservedDelta)}</Td>
                <Td numeric className="font-medium">
                  {e.onHandAfter}
                </Td>
                <Td numeric className="font-medium">
                  {e.reservedAfter}
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
        <KeysetPager
          label="Ledger pages"
          pages={pages}
          nextCursor={data.next}
          stale={ledger.isPlaceholderData}
          size="sm"
          previousLabel="Newer entries"
          nextLabel="Older entries"
          className="justify-end"
        />
      </section>
    </div>
  );
}

/** Administrators only (PR-P1-03): set this SKU's price, with a reason; the old price is kept in its history. */
function PriceOverride({ sku, prices }: { sku: string; prices: { currency: string; amount: string; effectiveFrom: Date }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState("USD");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const change = useMutation(
    trpc.inventory.overridePrice.mutationOptions({
      onSuccess: (res) => {
        setNotice(
          res.outcome === "changed"
            ? `${sku} now costs ${showAmount(res.amount)} ${currency.toUpperCase()} (was ${res.previous ? showAmount(res.previous) : "unpriced"}).`
            : `${sku} already costs ${showAmount(res.amount)} ${currency.toUpperCase()}. Nothing changed.`,
        );
        setAmount("");
        setReason("");
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.inventory.ledger.queryKey() }),
    }),
  );
  const error = change.error ? errorInfo(change.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    if (!amount.trim() || reason.trim().length < 3) return;
    change.mutate({ sku, currency, amount: amount.trim(), reason: reason.trim() });
  }

  return (
    <section aria-labelledby="price-heading" className="space-y-3">
      <h2 id="price-heading" className="text-lg font-semibold text-slate-900">
        Price
      </h2>
      <Card className="space-y-4">
        <p className="text-sm text-slate-600">
          Current:{" "}
          {prices.length === 0
            ? "no price"
            : prices.map((p) => (
                <span key={p.currency} className="mr-3 font-medium text-slate-900">
                  {showAmount(p.amount)} {p.currency}
                </span>
              ))}
          <span className="text-slate-500"> · administrators only; the old price stays in the price history.</span>
        </p>
        <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-[8rem_10rem_minmax(0,1fr)_auto] sm:items-end">
          <div className="space-y-1.5">
            <Label htmlFor="price-currency">Currency</Label>
            <Input id="price-currency" value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={3} className="uppercase" />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="price-amount">New price</Label>
            <Input id="price-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 12.50" invalid={Boolean(error?.fieldErrors.amount)} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="price-reason">Reason for the price change</Label>
            <Input id="price-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. supplier cost up" />
          </div>
          <Button type="submit" loading={change.isPending} disabled={!amount.trim() || reason.trim().length < 3}>
            Change price
          </Button>
          <div className="sm:col-span-4">
            <FieldError id="price-error" messages={error?.message} />
          </div>
        </form>
        {notice && <Alert tone="success">{notice}</Alert>}
      </Card>
    </section>
  );
}
