"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { customerReturnStatus, returnKinds, returnReasonLabels, returnStatusTone, type ReturnReasonCode } from "@/server/vocabulary/returns";
import type { CustomerOrderView } from "@/server/orders";
import type { OrderReturns } from "@/server/returns";
import { Money } from "./money";
import { errorInfo } from "@/components/ui/trpc-error";

const reasons = Object.entries(returnReasonLabels) as [ReturnReasonCode, string][];

/**
 * Returns of a delivered order on its page: the buyer's returns with their status, and while the
 * return window is open a form to send units back (per item how many and why, refund or exchange).
 * The server decides what may be returned; the form only offers what it said.
 */
export function OrderReturnsPanel({ order }: { order: Pick<CustomerOrderView, "number" | "status"> }) {
  const trpc = useTRPC();
  const delivered = order.status === "delivered" || order.status === "completed";
  const data = useQuery({ ...trpc.returns.forOrder.queryOptions({ number: order.number }), enabled: delivered });
  if (!delivered) return null;
  if (data.isPending) {
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading returns…
      </p>
    );
  }
  if (data.isError) return <Alert tone="error">{errorInfo(data.error).message}</Alert>;
  const { eligibility, items, returns } = data.data;
  const returnable = items.filter((i) => i.returnable > 0);
  return (
    <div className="space-y-6">
      {returns.length > 0 && <ReturnList returns={returns} />}
      {eligibility.eligible && returnable.length > 0 ? (
        <RequestReturnForm number={order.number} items={returnable} deadline={eligibility.deadline} />
      ) : (
        eligibility.message && (
          <p className="text-sm text-slate-600" data-testid="return-window">
            {eligibility.message}
          </p>
        )
      )}
    </div>
  );
}

function ReturnList({ returns }: { returns: OrderReturns["returns"] }) {
  return (
    <Card padded={false}>
      <h2 className="border-b border-slate-200 px-5 py-3 font-semibold text-slate-900">Returns</h2>
      <ul className="divide-y divide-slate-100" aria-label="Your returns">
        {returns.map((r) => {
          const status = customerReturnStatus[r.status];
          return (
            <li key={r.number} className="space-y-1 px-5 py-3 text-sm" data-testid="return-row">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">Return {r.number}</span>
                <Badge tone={returnStatusTone[r.status]}>{status.label}</Badge>
                <span className="text-slate-500">
                  {r.kind === "exchange" ? "Exchange" : "Refund"} · requested <DateTime value={r.createdAt} />
                </span>
              </div>
              <p className="text-slate-600">
                {r.items.map((i) => `${i.quantity} × ${i.name} (${returnReasonLabels[i.reason as ReturnReasonCode] ?? i.reason})`).join(", ")}
              </p>
              <p className="text-slate-600">
                {status.next}
                {r.status === "rejected" && r.statusReason ? ` ${r.statusReason.replace(/^rejected: /, "Reason: ")}.` : ""}
                {(r.status === "refunded" || r.status === "received") && r.refundAmount && r.kind === "refund" && (
                  <>
                    {" "}
                    Refund: <Money value={r.refundAmount} currency={r.currency} />.
                  </>
                )}
              </p>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

type Line = { quantity: number; reason: ReturnReasonCode | "" };

function RequestReturnForm({ number, items, deadline }: { number: string; items: OrderReturns["items"]; deadline: Date | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<Record<string, Line>>({});
  const [kind, setKind] = useState<"refund" | "exchange">("refund");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const request = useMutation(
    trpc.returns.request.mutationOptions({
      onSuccess: async (result) => {
        setCreated(result.number);
        setLines({});
        setNote("");
        await queryClient.invalidateQueries({ queryKey: trpc.returns.forOrder.queryKey({ number }) });
      },
    }),
  );
  const line = (id: string): Line => lines[id] ?? { quantity: 0, reason: "" };
  const update = (id: string, change: Partial<Line>) => setLines((all) => ({ ...all, [id]: { ...line(id), ...change } }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    const chosen = items.filter((i) => line(i.orderItemId).quantity > 0);
    if (chosen.length === 0) return setProblem("Choose how many units of at least one item you want to return.");
    const missing = chosen.find((i) => !line(i.orderItemId).reason);
    if (missing) return setProblem(`Choose a reason for ${missing.name}.`);
    setProblem(null);
    request.mutate({
      number,
      kind,
      note,
      items: chosen.map((i) => ({ orderItemId: i.orderItemId, quantity: line(i.orderItemId).quantity, reason: line(i.orderItemId).reason as ReturnReasonCode })),
    });
  }

  const serverError = request.isError ? errorInfo(request.error).message : null;
  return (
    <Card>
      <h2 className="font-semibold text-slate-900">Request a return</h2>
      <p className="mt-1 text-sm text-slate-600">
        Choose what you&apos;re sending back and why
        {deadline && (
          <>
            ; returns are open until <DateTime value={deadline} />
          </>
        )}
        .
      </p>
      {created && (
        <Alert tone="success" className="mt-4" title={`Return ${created} requested`}>
          We&apos;ll review it and let you know how to send the items back. Its status is shown above.
        </Alert>
      )}
      <form onSubmit={submit} noValidate className="mt-4 space-y-5" aria-label="Request a return">
        <ul className="space-y-4">
          {items.map((item) => {
            const id = item.orderItemId;
            return (
              <li key={id} className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_8rem_14rem] sm:items-end">
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-slate-900">{item.name}</p>
                  <p className="text-slate-500">
                    {item.returnable} of {item.shipped} can be returned
                  </p>
                </div>
                <div className="space-y-1.5">
                  <Label htmlFor={`return-qty-${id}`}>Quantity</Label>
                  <Select id={`return-qty-${id}`} aria-label={`Return quantity for ${item.name}`} value={line(id).quantity} onChange={(e) => update(id, { quantity: Number(e.target.value) })}>
                    {Array.from({ length: item.returnable + 1 }, (_, n) => (
                      <option key={n} value={n}>
                        {n === 0 ? "None" : n}
                      </option>
                    ))}
                  </Select>
                </div>
                <div className="space-y-1.5">
                  <Label htmlFor={`return-reason-${id}`}>Reason</Label>
                  <Select id={`return-reason-${id}`} aria-label={`Reason for ${item.name}`} value={line(id).reason} onChange={(e) => update(id, { reason: e.target.value as ReturnReasonCode | "" })}>
                    <option value="">Choose a reason</option>
                    {reasons.map(([code, label]) => (
                      <option key={code} value={code}>
                        {label}
                      </option>
                    ))}
                  </Select>
                </div>
              </li>
            );
          })}
        </ul>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">What would you like?</legend>
          <div className="flex flex-wrap gap-4">
            {returnKinds.map((k) => (
              <label key={k} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="radio" name="return-kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="size-4 accent-brand-600" />
                {k === "refund" ? "Refund" : "Exchange"}
              </label>
            ))}
          </div>
        </fieldset>

        <div className="space-y-1.5">
          <Label htmlFor={`return-note-${number}`}>Note (optional)</Label>
          <textarea
            id={`return-note-${number}`}
            value={note}
            maxLength={1000}
            rows={3}
            onChange={(e) => setNote(e.target.value)}
            className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500 sm:text-sm"
          />
        </div>

        {problem && <Alert tone="error">{problem}</Alert>}
        {serverError && <Alert tone="error">{serverError}</Alert>}
        <Button type="submit" loading={request.isPending}>
          Request return
        </Button>
      </form>
    </Card>
  );
}
