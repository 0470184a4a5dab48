"use client";

import { formatNumber } from "@/components/console/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { EventThroughput } from "@/server/outbox/inspect";

/** Sent in the last hour and 24 h, pending and failed, per event name; failed ones can be retried in bulk. */
export function ThroughputTable({ rows, busyName, onRetryAll }: { rows: EventThroughput[]; busyName: string | null; onRetryAll: (name: string) => void }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Events per name: sent in the last hour and the last 24 hours, pending and failed</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            <th scope="col" className="py-2 pr-3 font-medium">Event name</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Sent, last hour</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Sent, last 24 h</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Pending</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Failed</th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row" className="py-2 pr-3 text-left font-normal">
                <span className="font-mono text-slate-900">{r.name}</span>
                {!r.inCatalog && (
                  <Badge tone="warning" className="ml-2">
                    not in catalog
                  </Badge>
                )}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">{formatNumber(r.sentLastHour)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{formatNumber(r.sentLastDay)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{formatNumber(r.pending)}</td>
              <td className={r.failed > 0 ? "py-2 pr-3 text-right font-semibold text-red-700 tabular-nums" : "py-2 pr-3 text-right tabular-nums"}>{formatNumber(r.failed)}</td>
              <td className="py-2 text-right">
                {r.failed > 0 && (
                  <Button size="sm" variant="secondary" loading={busyName === r.name} disabled={busyName !== null && busyName !== r.name} onClick={() => onRetryAll(r.name)}>
                    Retry all failed<span className="sr-only"> of {r.name}</span>
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
