"use client";

import { useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { TimelineEntry, TimelineKind } from "@/server/orders";


/** Kinds in filter order, with their labels and badge tones. */
const kinds: { kind: TimelineKind; label: string; badge: string; tone: BadgeTone }[] = [
  { kind: "status", label: "Status changes", badge: "Status", tone: "brand" },
  { kind: "payment", label: "Payments", badge: "Payment", tone: "success" },
  { kind: "reservation", label: "Reservations", badge: "Reservation", tone: "neutral" },
  { kind: "fulfillment", label: "Fulfillments", badge: "Fulfillment", tone: "brand" },
  { kind: "shipment", label: "Shipments", badge: "Shipment", tone: "brand" },
  { kind: "return", label: "Returns", badge: "Return", tone: "warning" },
  { kind: "compensation", label: "Compensations", badge: "Compensation", tone: "danger" },
  { kind: "audit", label: "Operator actions", badge: "Operator", tone: "warning" },
  { kind: "event", label: "Events", badge: "Event", tone: "neutral" },
];
const byKind = new Map(kinds.map((k) => [k.kind, k]));

const statusTone = (status: string | undefined): BadgeTone | null => {
  if (!status) return null;
  if (status === "failed" || status === "exhausted") return "danger";
  if (status === "pending") return "warning";
  return null;
};

/** Everything that happened to the order, oldest first, filtered by kind. */
export function OrderTimelineList({ entries, counts }: { entries: TimelineEntry[]; counts: Record<TimelineKind, number> }) {
  const [shown, setShown] = useState<Set<TimelineKind>>(() => new Set(kinds.map((k) => k.kind)));
  const toggle = (kind: TimelineKind) =>
    setShown((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });
  const visible = entries.filter((e) => shown.has(e.kind));

  return (
    <section aria-labelledby="order-timeline-heading" className="space-y-3">
      <h2 id="order-timeline-heading" className="text-base font-semibold text-slate-900">
        Timeline
      </h2>
      <fieldset className="flex flex-wrap gap-x-4 gap-y-2 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm">
        <legend className="sr-only">Show</legend>
        <span aria-hidden="true" className="font-medium text-slate-700">
          Show:
        </span>
        {kinds.map((k) => (
          <label key={k.kind} className="inline-flex items-center gap-1.5 text-slate-700">
            <input type="checkbox" checked={shown.has(k.kind)} onChange={() => toggle(k.kind)} className="size-4 rounded border-slate-300 accent-brand-600" />
            {k.label} <span className="text-xs text-slate-500 tabular-nums">({counts[k.kind]})</span>
          </label>
        ))}
      </fieldset>
      {visible.length === 0 ? (
        <EmptyState>Nothing of the chosen kinds.</EmptyState>
      ) : (
        <Card padded={false}>
          <ol className="divide-y divide-slate-100" aria-label="Order timeline">
            {visible.map((e) => {
              const k = byKind.get(e.kind)!;
              const tone = statusTone(e.status);
              return (
                <li key={e.id} className="px-4 py-3" data-kind={e.kind}>
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={k.tone}>{k.badge}</Badge>
                    <span className="font-medium text-slate-900">{e.title}</span>
                    {tone && <Badge tone={tone}>{e.status}</Badge>}
                    <DateTime value={e.at} style="datetime-seconds" className="ml-auto text-xs whitespace-nowrap text-slate-500 tabular-nums" />
                  </div>
                  {e.detail && <p className="mt-1 text-sm break-words text-slate-600">{e.detail}</p>}
                  {e.actor && <p className="mt-0.5 text-xs text-slate-500">by {e.actor}</p>}
                  {e.payload !== undefined && e.payload !== null && (
                    <details className="mt-1 text-xs">
                      <summary className="cursor-pointer text-brand-700">{e.kind === "event" ? "Payload" : "Metadata"}</summary>
                      <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-50 p-2 text-slate-700">{JSON.stringify(e.payload, null, 2)}</pre>
                    </details>
                  )}
                </li>
              );
            })}
          </ol>
        </Card>
      )}
    </section>
  );
}
