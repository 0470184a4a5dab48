"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FulfillmentStatusBadge } from "@/components/console/fulfillment-status";
import { Stat } from "@/components/console/stat";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { PicklistTable } from "./picklist-table";
import { ReleaseWaveForm } from "./release-wave-form";
import { ShortPicks } from "./short-picks";

const REFRESH_MS = 10_000;

function Section({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <Card aria-labelledby={id}>
      <h2 id={id} className="mb-3 text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </Card>
  );
}

/** The shift at a glance for one warehouse, refreshed every few seconds. */
export function ManagerBoard({ warehouseId }: { warehouseId: string }) {
  const trpc = useTRPC();
  const board = useQuery({ ...trpc.picking.board.queryOptions({ warehouseId }), refetchInterval: REFRESH_MS });
  if (board.isPending) return <p className="text-sm text-slate-600">Loading the board…</p>;
  if (board.isError) return <Alert tone="error">{errorInfo(board.error).message}</Alert>;
  const b = board.data;
  const f = b.figures;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Stat
          label="Today's capacity"
          value={`${b.capacity.used} / ${b.capacity.dailyCapacity}`}
          tone={b.capacity.overCapacity ? "danger" : b.capacity.used >= b.capacity.dailyCapacity * 0.8 ? "warning" : "default"}
          hint={b.capacity.overCapacity ? "Over capacity: new orders go to other warehouses first" : "fulfillments taken on today"}
        />
        <Stat label="Waiting to pick" value={f.waitingToPick} hint="orders on no picklist yet" />
        <Stat label="Open picklists" value={f.openPicklists} hint="released, not started" />
        <Stat label="Picking" value={f.picking} hint="picklists a picker has started" />
        <Stat label="Packing" value={f.packing} hint="picked, at the pack station" />
        <Stat label="Ready to ship" value={f.readyToShip} />
        <Stat label="SLA breaches" value={f.slaBreaches} tone={f.slaBreaches > 0 ? "danger" : "default"} />
        <Stat label="Short picks" value={f.shortPicks} tone={f.shortPicks > 0 ? "warning" : "default"} />
        <Stat label="Manual shipping queue" value={f.manualQueue} tone={f.manualQueue > 0 ? "warning" : "default"} />
      </dl>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Release a wave" id="board-wave">
          <ReleaseWaveForm warehouseId={b.warehouse.id} waiting={f.waitingToPick} />
          {b.openWaves.length > 0 && (
            <ul className="mt-4 space-y-1 text-sm text-slate-700" aria-label="Waves in progress">
              {b.openWaves.map((w) => (
                <li key={w.id}>
                  Wave <span className="font-mono">{w.number}</span>: {w.done} of {w.picklists} picklists done
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Picklists" id="board-picklists">
          <PicklistTable picklists={b.picklists} pickers={b.pickers} />
        </Section>
        <Section title="Short picks" id="board-shorts">
          <ShortPicks shorts={b.shortPicks} />
        </Section>
        <Section title="SLA breaches" id="board-sla">
          {b.slaBreaches.length === 0 ? (
            <p className="text-sm text-slate-600">Every open fulfillment is within its SLA.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {b.slaBreaches.map((f) => (
                <li key={f.fulfillmentId} className="flex items-center justify-between gap-2 py-2">
                  <span className="font-mono">{f.orderNumber}</span>
                  <FulfillmentStatusBadge status={f.status} />
                  <span className="text-slate-500">since <DateTime value={f.createdAt} /></span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Manual shipping queue" id="board-manual">
          {b.manualQueue.length === 0 ? (
            <p className="text-sm text-slate-600">Every packed parcel has its label.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {b.manualQueue.map((s) => (
                <li key={s.shipmentId} className="py-2">
                  <span className="font-mono">{s.orderNumber}</span>: {s.lastError ?? "waiting for a label"}
                </li>
              ))}
            </ul>
          )}
          <Link href="/console/shipping" className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
            Open the shipping desk
          </Link>
        </Section>
      </div>
    </div>
  );
}
