"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime, useFormatDateTime } from "@/components/ui/date-time";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FieldHint, Input, Label } from "@/components/ui/input";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { ReservationDrift, StuckReason, StuckReservation } from "@/server/inventory";

const REFRESH_MS = 30_000;

const whyLabels: Record<StuckReason, { label: string; tone: "warning" | "danger" }> = {
  expired: { label: "Past its reservation time", tone: "warning" },
  order_cancelled: { label: "Order cancelled", tone: "danger" },
  order_delivered: { label: "Order delivered", tone: "danger" },
  order_completed: { label: "Order completed", tone: "danger" },
  fulfillment_cancelled: { label: "Fulfillment cancelled", tone: "danger" },
  shipped_uncommitted: { label: "Shipped, never committed", tone: "danger" },
};

type Notice = { tone: "success" | "info" | "error"; text: string };

/**
 * The three kinds of stuck reservations, grouped, with their actions. One "Reason" field serves
 * every action (required to release); "Force" releases stock an order still needs.
 */
export function StuckReservations() {
  const trpc = useTRPC();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const stuck = useQuery({ ...trpc.reservations.stuck.queryOptions(), refetchInterval: REFRESH_MS, staleTime: 0 });
  const settle = () => {
    setBusy(null);
    void queryClient.invalidateQueries({ queryKey: trpc.reservations.stuck.queryKey() });
  };
  const fail = (error: unknown) => setNotice({ tone: "error", text: errorInfo(error).message });
  const release = useMutation(trpc.reservations.release.mutationOptions({ onError: fail, onSettled: settle }));
  const extend = useMutation(trpc.reservations.extend.mutationOptions({ onError: fail, onSettled: settle }));
  const commit = useMutation(trpc.reservations.commit.mutationOptions({ onError: fail, onSettled: settle }));
  const recheck = useMutation(trpc.reservations.recheck.mutationOptions({ onError: fail, onSettled: settle }));
  const reasonText = reason.trim() || undefined;
  const { confirm, dialog } = useConfirm();

  function onRelease(r: StuckReservation) {
    if (!reason.trim()) {
      setNotice({ tone: "error", text: "Give a reason before releasing a reservation." });
      document.getElementById("reservation-reason")?.focus();
      return;
    }
    confirm({
      title: `Release the stock held for order ${r.orderNumber}?`,
      consequence: `Release ${r.quantity} × ${r.sku} in ${r.warehouseCode} held for order ${r.orderNumber} (${r.orderStatus.replaceAll("_", " ")}): the units become free for other orders and this order no longer holds them.${force ? " Forced: even if the order still needs them to ship." : ""}`,
      confirmLabel: `Release ${r.quantity} × ${r.sku}`,
      onConfirm: () => releaseNow(r),
    });
  }

  function releaseNow(r: StuckReservation) {
    setBusy(r.reservationId);
    setNotice(null);
    release.mutate(
      { reservationId: r.reservationId, reason: reason.trim(), force },
      {
        onSuccess: (res) =>
          setNotice(
            res.outcome === "changed"
              ? { tone: "success", text: `Released ${r.quantity} × ${r.sku} in ${r.warehouseCode} held for order ${r.orderNumber}: the stock is available again.` }
              : { tone: "info", text: `The reservation for order ${r.orderNumber} was already ${res.status}. Nothing changed.` },
          ),
      },
    );
  }

  function onExtend(r: StuckReservation, minutes: number) {
    setBusy(r.reservationId);
    setNotice(null);
    extend.mutate(
      { reservationId: r.reservationId, minutes, reason: reasonText },
      {
        onSuccess: (res) =>
          setNotice(
            res.outcome === "changed"
              ? { tone: "success", text: `Order ${r.orderNumber} now holds its stock until ${formatDateTime(res.expiresAt)}.` }
              : { tone: "info", text: `Order ${r.orderNumber} already holds its stock until ${formatDateTime(res.expiresAt)}. Nothing changed.` },
          ),
      },
    );
  }

  function onCommit(r: StuckReservation) {
    confirm({
      title: `Commit the shipped stock of order ${r.orderNumber}?`,
      consequence: `${r.quantity} × ${r.sku} leave on hand in ${r.warehouseCode} for good, as shipped with order ${r.orderNumber}, and the reservation ends.`,
      confirmLabel: `Commit ${r.quantity} × ${r.sku}`,
      onConfirm: () => commitNow(r),
    });
  }

  function commitNow(r: StuckReservation) {
    setBusy(r.reservationId);
    setNotice(null);
    commit.mutate(
      { reservationId: r.reservationId, reason: reasonText },
      {
        onSuccess: (res) =>
          setNotice(
            res.outcome === "changed"
              ? { tone: "success", text: `Committed the shipped stock of order ${r.orderNumber}: ${res.units} ${res.units === 1 ? "unit" : "units"} left on hand.` }
              : { tone: "info", text: `The shipped stock of order ${r.orderNumber} was already committed. Nothing changed.` },
          ),
      },
    );
  }

  function onRecheck(d: ReservationDrift) {
    const key = `${d.warehouseId}:${d.productId}`;
    setBusy(key);
    setNotice(null);
    recheck.mutate(
      { warehouseId: d.warehouseId, productId: d.productId, reason: reasonText },
      {
        onSuccess: (res) =>
          setNotice(
            res.outcome === "changed"
              ? { tone: "success", text: `${d.sku} in ${d.warehouseCode}: reserved set from ${res.previousReserved} to ${res.reserved}, the sum of its live reservations.` }
              : { tone: "info", text: `${d.sku} in ${d.warehouseCode} has no drift now (${res.reserved} reserved). Nothing changed.` },
          ),
      },
    );
  }

  const data = stuck.data;
  const total = data ? data.expired.length + data.orderClosed.length + data.drift.length : 0;

  return (
    <div className="space-y-6">
      {dialog}
      <Card className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-end">
          <div className="space-y-1.5">
            <Label htmlFor="reservation-reason">Reason</Label>
            <Input
              id="reservation-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              placeholder="e.g. order cancelled, release was lost"
              aria-describedby="reservation-reason-hint"
              required
            />
            <FieldHint id="reservation-reason-hint">Required to release; recorded with every action in the audit log.</FieldHint>
          </div>
          <label htmlFor="reservation-force" className="inline-flex h-11 items-center gap-2 text-sm font-medium text-slate-800">
            <input id="reservation-force" type="checkbox" className="size-4 rounded border-slate-300" checked={force} onChange={(e) => setForce(e.target.checked)} />
            Force
            <span className="font-normal text-slate-500">(release stock an order still needs)</span>
          </label>
        </div>
        {force && (
          <Alert tone="error" title="Force is on">
            A forced release gives back stock a paid order is still waiting to ship. Use it only when the order will not ship.
          </Alert>
        )}
      </Card>

      {notice && (
        <Alert tone={notice.tone} title={notice.tone === "error" ? "Not done" : undefined}>
          {notice.text}
        </Alert>
      )}
      {stuck.error && (
        <Alert tone="error" title="Stuck reservations unavailable">
          {errorInfo(stuck.error).message}
        </Alert>
      )}
      {!data ? (
        !stuck.error && <p className="rounded-xl border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">Loading…</p>
      ) : total === 0 ? (
        <Alert tone="success">No stuck reservations: every reservation belongs to an order that needs it, and every level&apos;s reserved count matches.</Alert>
      ) : null}

      {data && (
        <>
          <Group id="stuck-expired" title="Past their reservation time" count={data.expired.length} hint="Unpaid orders whose reservation time ran out, but the expiry did not release their stock.">
            <ReservationList rows={data.expired} busy={busy} onRelease={onRelease} onExtend={onExtend} onCommit={onCommit} />
          </Group>
          <Group id="stuck-closed" title="Held for closed orders" count={data.orderClosed.length} hint="Cancelled, delivered or completed orders, cancelled fulfillments, and parcels that shipped without committing their stock.">
            <ReservationList rows={data.orderClosed} busy={busy} onRelease={onRelease} onExtend={onExtend} onCommit={onCommit} />
          </Group>
          <Group id="stuck-drift" title="Drift" count={data.drift.length} hint="Levels whose reserved count differs from the sum of their live reservations. Re-check sets it to that sum.">
            <DriftList rows={data.drift} busy={busy} onRecheck={onRecheck} />
          </Group>
        </>
      )}
    </div>
  );
}

function Group({ id, title, count, hint, children }: { id: string; title: string; count: number; hint: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-2">
      <div>
        <h2 id={`${id}-heading`} className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          {title} ({count})
        </h2>
        <p className="text-sm text-slate-600">{hint}</p>
      </div>
      {count === 0 ? <EmptyState>None.</EmptyState> : children}
    </section>
  );
}

function ReservationList({
  rows,
  busy,
  onRelease,
  onExtend,
  onCommit,
}: {
  rows: StuckReservation[];
  busy: string | null;
  onRelease: (r: StuckReservation) => void;
  onExtend: (r: StuckReservation, minutes: number) => void;
  onCommit: (r: StuckReservation) => void;
}) {
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
      {rows.map((r) => (
        <ReservationRow key={r.reservationId} r={r} busy={busy} onRelease={onRelease} onExtend={onExtend} onCommit={onCommit} />
      ))}
    </ul>
  );
}

function ReservationRow({
  r,
  busy,
  onRelease,
  onExtend,
  onCommit,
}: {
  r: StuckReservation;
  busy: string | null;
  onRelease: (r: StuckReservation) => void;
  onExtend: (r: StuckReservation, minutes: number) => void;
  onCommit: (r: StuckReservation) => void;
}) {
  const [minutes, setMinutes] = useState("30");
  const why = whyLabels[r.why];
  const label = `${r.orderNumber} ${r.sku} ${r.warehouseCode}`;
  const mine = busy === r.reservationId;
  const minutesValue = Number(minutes);
  const minutesOk = Number.isInteger(minutesValue) && minutesValue >= 1 && minutesValue <= 1440;
  const canExtend = r.status === "active" && r.orderStatus === "pending_payment";
  return (
    <li aria-label={`Reservation ${label}`} className="flex flex-col gap-3 p-4 lg:flex-row lg:items-center lg:justify-between" data-testid="stuck-reservation">
      <div className="min-w-0 space-y-1 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-mono font-semibold text-slate-900">{r.orderNumber}</span>
          <Badge tone={why.tone}>{why.label}</Badge>
          <Badge>{r.status === "active" ? "Active" : "Confirmed"}</Badge>
        </p>
        <p className="text-slate-700">
          {r.quantity} × <Link href={`/console/inventory/${encodeURIComponent(r.sku)}`} className="font-mono text-brand-700 hover:underline">{r.sku}</Link> {r.name} · {r.warehouseCode}
        </p>
        <p className="text-xs text-slate-500">
          Order {r.orderStatus.replaceAll("_", " ")}
          {r.fulfillmentStatus && ` · fulfillment ${r.fulfillmentStatus.replaceAll("_", " ")}`}
          {r.expiresAt && (
            <>
              {" "}
              · reserved until <DateTime value={r.expiresAt} />
            </>
          )}{" "}
          · last change <DateTime value={r.updatedAt} />
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        {r.why === "shipped_uncommitted" ? (
          <Button size="sm" onClick={() => onCommit(r)} loading={mine} disabled={busy !== null && !mine}>
            Commit<span className="sr-only"> shipped stock of {label}</span>
          </Button>
        ) : (
          <Button size="sm" variant="danger" onClick={() => onRelease(r)} loading={mine} disabled={busy !== null && !mine}>
            Release<span className="sr-only"> {label}</span>
          </Button>
        )}
        {canExtend && (
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (minutesOk) onExtend(r, minutesValue);
            }}
          >
            <div className="space-y-1">
              <Label htmlFor={`extend-${r.reservationId}`} className="text-xs">
                Minutes<span className="sr-only"> to extend {label}</span>
              </Label>
              <Input
                id={`extend-${r.reservationId}`}
                type="number"
                inputMode="numeric"
                min={1}
                max={1440}
                step={1}
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                invalid={!minutesOk}
                className="h-8! w-24"
              />
            </div>
            <Button type="submit" size="sm" variant="secondary" disabled={!minutesOk || (busy !== null && !mine)}>
              Extend<span className="sr-only"> {label}</span>
            </Button>
          </form>
        )}
      </div>
    </li>
  );
}

function DriftList({ rows, busy, onRecheck }: { rows: ReservationDrift[]; busy: string | null; onRecheck: (d: ReservationDrift) => void }) {
  return (
    <Table caption="Levels with drift">
      <TableHead>
        <Th>SKU</Th>
        <Th>Warehouse</Th>
        <Th numeric>On hand</Th>
        <Th numeric>Reserved</Th>
        <Th numeric>Live reservations</Th>
        <Th>
          <span className="sr-only">Actions</span>
        </Th>
      </TableHead>
      <TableBody>
        {rows.map((d) => {
          const key = `${d.warehouseId}:${d.productId}`;
          const mine = busy === key;
          return (
            <tr key={key} aria-label={`Drift ${d.sku} ${d.warehouseCode}`}>
              <Td>
                <Link href={`/console/inventory/${encodeURIComponent(d.sku)}`} className="font-mono text-brand-700 hover:underline">
                  {d.sku}
                </Link>
                <span className="block text-xs text-slate-500">{d.name}</span>
              </Td>
              <Td>{d.warehouseCode}</Td>
              <Td numeric>{d.onHand}</Td>
              <Td numeric className="font-semibold text-red-700">
                {d.reserved}
              </Td>
              <Td numeric>{d.live}</Td>
              <Td className="text-right">
                <Button size="sm" variant="secondary" onClick={() => onRecheck(d)} loading={mine} disabled={busy !== null && !mine}>
                  Re-check<span className="sr-only"> {d.sku} in {d.warehouseCode}</span>
                </Button>
              </Td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
