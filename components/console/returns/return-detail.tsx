"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { errorInfo } from "@/components/shop/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Input, Label } from "@/components/ui/input";
import { amount, formatMoney, sum } from "@/server/lib/money";
import { itemConditionLabels, returnReasonLabels, returnStatusLabels, type ItemConditionCode, type ReturnReasonCode } from "@/server/returns/labels";
import type { ReturnDetail } from "@/server/returns/queries";
import { ReturnStatusBadge } from "./return-status";

/** One return: what the customer sent back and why, its history, and the action its status allows. */
export function ReturnDetailPanel({ returnId }: { returnId: string }) {
  const trpc = useTRPC();
  const detail = useQuery({
    ...trpc.returns.detail.queryOptions({ returnId }),
    // Received: the refund and restock run in the background; follow them until settled.
    refetchInterval: (query) => (query.state.data?.status === "received" ? 2_000 : false),
  });
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
    <table className="w-full text-left text-sm">
      <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="px-5 py-2 font-medium">SKU</th>
          <th className="px-2 py-2 font-medium">Units</th>
          <th className="px-2 py-2 font-medium">Reason</th>
          <th className="px-2 py-2 font-medium">Condition</th>
          <th className="px-5 py-2 font-medium">Restock</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {ret.items.map((i) => (
          <tr key={i.id}>
            <td className="px-5 py-2">
              <span className="font-mono">{i.sku}</span>
              <span className="block text-xs text-slate-500">{i.name}</span>
            </td>
            <td className="px-2 py-2 tabular-nums">{i.quantity}</td>
            <td className="px-2 py-2">{returnReasonLabels[i.reason as ReturnReasonCode] ?? i.reason}</td>
            <td className="px-2 py-2">{i.condition ? itemConditionLabels[i.condition] : "—"}</td>
            <td className="px-5 py-2">{i.restock === null ? "—" : i.restock ? (i.restockedAt ? (
                  <>
                    Restocked <DateTime value={i.restockedAt} />
                  </>
                ) : (
                  "Pending"
                )) : "No"}</td>
          </tr>
        ))}
      </tbody>
    </table>
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

  function submitReject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim().length < 3 || busy) return;
    reject.mutate({ returnId: ret.id, reason: reason.trim() });
  }

  return (
    <Card className="space-y-4">
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

type Verdict = { condition: ItemConditionCode; restock: boolean };

function InspectionForm({ ret }: { ret: ReturnDetail }) {
  const { receive } = useReturnActions(ret.id);
  const exchange = ret.kind === "exchange";
  const [verdicts, setVerdicts] = useState<Record<string, Verdict>>(() =>
    Object.fromEntries(ret.items.map((i) => [i.id, { condition: "sellable" as const, restock: !exchange }])),
  );
  const set = (id: string, change: Partial<Verdict>) =>
    setVerdicts((all) => {
      const next = { ...all[id]!, ...change };
      // Only sellable units go back on the shelf, and exchanges never do.
      if (next.condition !== "sellable" || exchange) next.restock = false;
      return { ...all, [id]: next };
    });
  const refund = sum(ret.items.map((i) => amount(i.unitPrice).times(i.quantity)));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (receive.isPending) return;
    receive.mutate({ returnId: ret.id, items: ret.items.map((i) => ({ itemId: i.id, ...verdicts[i.id]! })) });
  }

  return (
    <Card padded={false}>
      <form onSubmit={submit} noValidate aria-label={`Inspect return ${ret.number}`}>
        <div className="border-b border-slate-200 px-5 py-3">
          <h3 className="font-semibold text-slate-900">Receive and inspect</h3>
          <p className="text-sm text-slate-600">
            {exchange
              ? "An exchange: nothing is refunded and nothing goes back on the shelf."
              : `Refund on receipt: ${formatMoney(refund.toFixed(2), ret.currency)} (unit price × units) ${ret.paymentMethod === "cod" ? "in cash" : "to the card"}.`}
          </p>
        </div>
        <ul className="divide-y divide-slate-100">
          {ret.items.map((i) => {
            const v = verdicts[i.id]!;
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
                  <input
                    type="checkbox"
                    checked={v.restock}
                    disabled={exchange || v.condition !== "sellable"}
                    onChange={(e) => set(i.id, { restock: e.target.checked })}
                    className="size-4 accent-brand-600"
                  />
                  Restock {i.sku}
                </label>
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
