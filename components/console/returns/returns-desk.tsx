"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { formatMoney } from "@/server/vocabulary/money";
import { returnStatusLabels, type ReturnStatus } from "@/server/vocabulary/returns";
import { ReturnDetailPanel } from "./return-detail";
import { ReturnStatusBadge } from "./return-status";

/** The ops returns desk: the list by status on the left, the chosen return on the right. */
export function ReturnsDesk() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<ReturnStatus | "">("requested");
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({ ...trpc.returns.list.queryOptions(status ? { status } : {}), refetchInterval: 10_000 });
  const counts = list.data?.counts ?? {};

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
      <section aria-labelledby="returns-list-heading" className="space-y-3">
        <h2 id="returns-list-heading" className="sr-only">
          Return requests
        </h2>
        <div className="space-y-1.5">
          <Label htmlFor="returns-status">Status</Label>
          <Select id="returns-status" value={status} onChange={(e) => setStatus(e.target.value as ReturnStatus | "")}>
            <option value="">All statuses</option>
            {(Object.keys(returnStatusLabels) as ReturnStatus[]).map((s) => (
              <option key={s} value={s}>
                {returnStatusLabels[s]} ({counts[s] ?? 0})
              </option>
            ))}
          </Select>
        </div>
        {list.isError ? (
          <Alert tone="error">{errorInfo(list.error).message}</Alert>
        ) : !list.data ? (
          <p className="rounded-xl border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">Loading…</p>
        ) : list.data.rows.length === 0 ? (
          <EmptyState>No {status ? returnStatusLabels[status].toLowerCase() : ""} returns.</EmptyState>
        ) : (
          <Card padded={false}>
            <ul className="divide-y divide-slate-100" aria-label="Returns">
              {list.data.rows.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    onClick={() => setSelected(r.id)}
                    aria-label={`Open return ${r.number}`}
                    aria-current={selected === r.id ? "true" : undefined}
                    className={`flex w-full flex-col gap-1 px-4 py-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 ${selected === r.id ? "bg-brand-50" : ""}`}
                  >
                    <span className="flex flex-wrap items-center gap-2">
                      <span className="font-mono font-semibold text-slate-900">{r.number}</span>
                      <ReturnStatusBadge status={r.status} />
                      <span className="text-xs text-slate-500">{r.kind === "exchange" ? "Exchange" : "Refund"}</span>
                    </span>
                    <span className="text-sm text-slate-600">
                      Order <span className="font-mono">{r.orderNumber}</span> · {r.units} {r.units === 1 ? "unit" : "units"}
                      {r.refundAmount && r.kind === "refund" ? ` · ${formatMoney(r.refundAmount, r.currency)}` : ""}
                    </span>
                    <span className="text-xs text-slate-500">
                      {r.email} · <DateTime value={r.createdAt} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </section>

      <div>
        {selected ? (
          <ReturnDetailPanel returnId={selected} />
        ) : (
          <EmptyState>Choose a return to see its items and act on it.</EmptyState>
        )}
      </div>
    </div>
  );
}
