"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { amount, formatMoney, sum } from "@/server/vocabulary/money";
import { itemConditionLabels, MIN_OVERRIDE_REASON, returnReasonLabels, returnStatusLabels, type ItemConditionCode, type ReturnReasonCode } from "@/server/vocabulary/returns";
import type { ReturnDetail } from "@/server/returns";
import { ReturnStatusBadge } from "./return-status";

/** One return: what the customer sent back and why, its history, and the action its status allows. */
export function ReturnDetailPanel({ returnId }: { returnId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({
    ...trpc.returns.detail.queryOptions({ returnId }),
    // Received: the refund and restock run in the background; follow them until settled.
    refetchInterval: (query) => (query.state.data?.status === "received" ? 2_000 : false),
  });
  // The status moved (an action here, or the background settlement): the desk's counts follow at once.
  const status = detail.data?.status;
  const seen = useRef(status);
  useEffect(() => {
    if (status && seen.current && status !== seen.current) void queryClient.invalidateQueries({ queryKey: trpc.returns.list.queryKey() });
    seen.current = status;
  }, [status, queryClient, trpc]);
  if (detail.isError) return <Alert tone="error">{errorInfo(detail.error).message}</Alert>;
  if (!detail.data) return <p className="rounded-xl border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">Loading…</p>;
  const r = detail.data;
  const refund = r.refundAmount && r.kind === "refund" ? formatMoney(r.refundAmount, r.currency) : null;

  return (
    <section aria-labelledby="return-heading" className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="return-heading" className="text-lg font-semibold text-slate-900">
            Return {r.number}
          </h2>
          <ReturnStatusBadge status={r.status} />
        </div>
        <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          <Fact term="Order" value={<span className="font-mono">{r.orderNumber}</span>} />
          <Fact term="Customer" value={r.email} />
          <Fact term="Kind" value={r.kind === "exchange" ? "Exchange (no refund, never restocked)" : "Refund"} />
          <Fact term="Payment" value={r.paymentMethod === "cod" ? "Cash on delivery (refunded in cash by ops)" : "Card"} />
          <Fact term="Returns to" value={r.warehouseCode ?? "—"} />
          <Fact term="Refund" value={refund ?? (r.kind === "exchange" ? "None" : "Decided at inspection")} />
        </dl>
        {r.customerNote && (
          <p className="mt-3 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">
            <span className="font-medium">Customer note:</span> {r.customerNote}
          </p>
        )}
      </Card>

      {r.compensations.length > 0 && (
        <Alert tone="error" title="Settlement failed">
          <ul className="space-y-1">
            {r.compensations.map((c) => (
              <li key={c.id}>
                {c.operation === "refund" ? "Refund" : "Restock"} · {c.status} · {c.attempts} {c.attempts === 1 ? "attempt" : "attempts"}: {c.lastError}
              </li>
            ))}
          </ul>
          <p className="mt-1">It is retried automatically; replay or discard it under Failed compensations.</p>
        </Alert>
      )}

      {r.status === "approved" ? (
        <InspectionForm ret={r} />
      ) : (
        <Card padded={false}>
          <h3 className="border-b border-slate-200 px-5 py-3 font-semibold text-slate-900">Items</h3>
          <ItemsTable ret={r} />
        </Card>
      )}

      {r.status === "requested" && <RequestActions ret={r} />}
      {r.status === "received" && (
        <Alert tone="info">{r.kind === "exchange" ? "Received. Closing the exchange…" : `Received. Refunding ${refund ?? ""} and restocking in the background…`}</Alert>
      )}

      <Card>
        <h3 className="mb-3 font-semibold text-slate-900">History</h3>
        <ol className="space-y-2 text-sm">
          {r.history.map((h, i) => (
            <li key={i} className="flex flex-wrap items-baseline gap-2">
              <ReturnStatusBadge status={h.toStatus} />
              <DateTime value={h.createdAt} className="text-xs text-slate-500" />
              <span className="text-slate-700">{h.reason}</span>
              <span className="text-xs text-slate-500">{h.actor}</span>
            </li>
          ))}
        </ol>
      </Card>
    </section>
  );
}

function Fact({ term, value }: { term: string; value: ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="text-slate-500">{term}:</dt>
      <dd className="text-slate-900">{value}</dd>
    </div>
  );
}

function ItemsTable({ ret }: { ret: ReturnDetail }) {
  return (
    <Table caption={`Items of return ${ret.number}`} frame={false}>
      <TableHead>
        <Th>SKU</Th>
        <Th>Units</Th>
        <Th>Reason</Th>
        <Th>Condition</Th>
        <Th>Restock</Th>
      </TableHead>
      <TableBody>
        {ret.items.map((i) => (
          <tr key={i.id}>
            <Td>
              <span className="font-mono">{i.sku}</span>
              <span className="block text-xs text-slate-500">{i.name}</span>
            </Td>
            <Td className="tabular-nums">{i.quantity}</Td>
            <Td>{returnReasonLabels[i.reason as ReturnReasonCode] ?? i.reason}</Td>
            <Td>{i.condition ? itemConditionLabels[i.condition] : "—"}</Td>
            <Td>
              {i.restock === null ? "—" : i.restock ? (i.restockedAt ? (
                  <>
                    Restocked <DateTime value={i.restockedAt} />
                  </>
                ) : (
                  "Pending"
                )) : "No"}
              {i.restockOverrideReason && <span className="block text-xs text-amber-800">Override: {i.restockOverrideReason}</span>}
            </Td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}

function useReturnActions(returnId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.returns.detail.queryKey({ returnId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.returns.list.queryKey() }),
    ]);
  };
  return {
    approve: useMutation(trpc.returns.approve.mutationOptions({ onSuccess: refresh })),
    reject: useMutation(trpc.returns.reject.mutationOptions({ onSuccess: refresh })),
    receive: useMutation(trpc.returns.receive.mutationOptions({ onSuccess: refresh })),
  };
}

function RequestActions({ ret }: { ret: ReturnDetail }) {
  const { approve, reject } = useReturnActions(ret.id);
  const [reason, setReason] = useState("");
  const busy = approve.isPending || reject.isPending;
  const failure = approve.error ?? reject.error;

  const { confirm, dialog } = useConfirm();

  function submitReject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const why = reason.trim();
    if (why.length < 3 || busy) return;
    const units = ret.items.reduce((n, i) => n + i.quantity, 0);
    confirm({
      title: `Reject return ${ret.number}?`,
      consequence: `Return ${ret.number} of order ${ret.orderNumber} (${units} ${units === 1 ? "unit" : "units"}) is refused for good and the customer reads your reason: “${why}”. Nothing is refunded.`,
      confirmLabel: `Reject return ${ret.number}`,
      onConfirm: () => reject.mutate({ returnId: ret.id, reason: why }),
    });
  }

  return (
    <Card className="space-y-4">
      {dialog}
      <h3 className="font-semibold text-slate-900">Decide</h3>
      {failure && <Alert tone="error">{errorInfo(failure).message}</Alert>}
      <Button onClick={() => approve.mutate({ returnId: ret.id })} loading={approve.isPending} disabled={busy}>
        Approve
      </Button>
      <form onSubmit={submitReject} noValidate className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-end">
        <div className="space-y-1.5">
          <Label htmlFor={`reject-reason-${ret.id}`}>Reason</Label>
          <Input id={`reject-reason-${ret.id}`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="Why the return is rejected (the customer sees it)" />
        </div>
        <Button type="submit" variant="danger" loading={reject.isPending} disabled={busy || reason.trim().length < 3}>
          Reject
        </Button>
      </form>
    </Card>
  );
}

type Verdict = { condition: ItemConditionCode; restock: boolean; overrideReason: string };

/** Restocked although inspected as damaged or unsellable: an explicit override, with its reason. */
const overridden = (v: Verdict) => v.restock && v.condition !== "sellable";

function InspectionForm({ ret }: { ret: ReturnDetail }) {
  const { receive } = useReturnActions(ret.id);
  const { confirm, dialog } = useConfirm();
  const exchange = ret.kind === "exchange";
  const [tried, setTried] = useState(false);
  const [verdicts, setVerdicts] = useState<Record<string, Verdict>>(() =>
    Object.fromEntries(ret.items.map((i) => [i.id, { condition: "sellable" as const, restock: !exchange, overrideReason: "" }])),
  );
  const set = (id: string, change: Partial<Verdict>) =>
    setVerdicts((all) => {
      const next = { ...all[id]!, ...change };
      // A new condition other than sellable takes the item off the shelf: putting it back is an override of its own.
      if ((change.condition && change.condition !== "sellable") || exchange) next.restock = false;
      return { ...all, [id]: next };
    });
  const refund = sum(ret.items.map((i) => amount(i.unitPrice).times(i.quantity)));
  const money = formatMoney(refund.toFixed(2), ret.currency);
  const missingReason = (v: Verdict) => overridden(v) && v.overrideReason.trim().length < MIN_OVERRIDE_REASON;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTried(true);
    if (receive.isPending) return;
    const invalid = ret.items.find((i) => missingReason(verdicts[i.id]!));
    if (invalid) {
      document.getElementById(`override-reason-${invalid.id}`)?.focus();
      return;
    }
    const shelf = ret.items.filter((i) => verdicts[i.id]!.restock);
    const restockText = shelf.length
      ? `Back on the shelf in ${ret.warehouseCode ?? "the warehouse"}: ${shelf
          .map((i) => `${i.quantity} × ${i.sku}${overridden(verdicts[i.id]!) ? ` (${itemConditionLabels[verdicts[i.id]!.condition].toLowerCase()}, overridden)` : ""}`)
          .join(", ")}.`
      : "Nothing goes back on the shelf.";
    const moneyText = exchange
      ? "An exchange: nothing is refunded."
      : ret.paymentMethod === "cod"
        ? `Refund ${money} to the customer in cash (recorded as paid back by ops).`
        : `Refund ${money} to the customer's card.`;
    confirm({
      title: `Receive return ${ret.number}?`,
      consequence: `${moneyText} ${restockText}`,
      confirmLabel: exchange ? "Receive exchange" : `Receive and refund ${money}`,
      onConfirm: () =>
        receive.mutate({
          returnId: ret.id,
          items: ret.items.map((i) => {
            const v = verdicts[i.id]!;
            return { itemId: i.id, condition: v.condition, restock: v.restock, restockOverride: overridden(v) ? { reason: v.overrideReason.trim() } : undefined };
          }),
        }),
    });
  }

  return (
    <Card padded={false}>
      {dialog}
      <form onSubmit={submit} noValidate aria-label={`Inspect return ${ret.number}`}>
        <div className="border-b border-slate-200 px-5 py-3">
          <h3 className="font-semibold text-slate-900">Receive and inspect</h3>
          <p className="text-sm text-slate-600">
            {exchange
              ? "An exchange: nothing is refunded and nothing goes back on the shelf."
              : `Refund on receipt: ${money} (unit price × units) ${ret.paymentMethod === "cod" ? "in cash" : "to the card"}.`}
          </p>
        </div>
        <ul className="divide-y divide-slate-100">
          {ret.items.map((i) => {
            const v = verdicts[i.id]!;
            const override = overridden(v);
            return (
              <li key={i.id} className="grid gap-3 px-5 py-3 sm:grid-cols-[minmax(0,1fr)_11rem_auto] sm:items-end">
                <div className="min-w-0 text-sm">
                  <p className="font-mono font-medium text-slate-900">{i.sku}</p>
                  <p className="text-slate-600">
                    {i.quantity} × {i.name} · {returnReasonLabels[i.reason as ReturnReasonCode] ?? i.reason}
                  </p>
                </div>
                <div className="space-y-1.5">
                  <Label htmlFor={`condition-${i.id}`}>Condition for {i.sku}</Label>
                  <select
                    id={`condition-${i.id}`}
                    value={v.condition}
                    onChange={(e) => set(i.id, { condition: e.target.value as ItemConditionCode })}
                    className="block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500"
                  >
                    {(Object.keys(itemConditionLabels) as ItemConditionCode[]).map((c) => (
                      <option key={c} value={c}>
                        {itemConditionLabels[c]}
                      </option>
                    ))}
                  </select>
                </div>
                <label className="flex h-10 items-center gap-2 text-sm text-slate-800">
                  <input type="checkbox" checked={v.restock} disabled={exchange} onChange={(e) => set(i.id, { restock: e.target.checked })} className="size-4 accent-brand-600" />
                  {v.condition === "sellable" ? `Restock ${i.sku}` : `Restock ${i.sku} as sellable anyway (override)`}
                </label>
                {override && (
                  <div className="space-y-1.5 sm:col-span-3">
                    <Label htmlFor={`override-reason-${i.id}`}>
                      Why {i.sku} goes back on the shelf although it is {itemConditionLabels[v.condition].toLowerCase()}
                    </Label>
                    <Input
                      id={`override-reason-${i.id}`}
                      value={v.overrideReason}
                      onChange={(e) => set(i.id, { overrideReason: e.target.value })}
                      maxLength={500}
                      invalid={tried && missingReason(v)}
                      aria-describedby={tried && missingReason(v) ? `override-reason-${i.id}-error` : undefined}
                      placeholder="e.g. only the outer box is damaged, the product is sealed"
                    />
                    <FieldError id={`override-reason-${i.id}-error`} messages={tried && missingReason(v) ? `Say why, in at least ${MIN_OVERRIDE_REASON} characters: the override goes in the audit log.` : undefined} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
        <div className="space-y-3 border-t border-slate-200 px-5 py-4">
          {receive.isError && <Alert tone="error">{errorInfo(receive.error).message}</Alert>}
          <Button type="submit" loading={receive.isPending}>
            {exchange ? "Receive exchange" : "Receive and refund"}
          </Button>
          <p className="text-xs text-slate-500">Status now: {returnStatusLabels[ret.status]}. The refund and the restock run right after, once each.</p>
        </div>
      </form>
    </Card>
  );
}
