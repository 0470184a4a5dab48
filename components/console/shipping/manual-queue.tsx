"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ManualQueueRow } from "@/server/shipping";
import { RetryNote } from "./retry-note";
import { Loading, SectionHeading, ShipmentStatusBadge } from "./shipment-status";

/** Carriers staff can pick when they made the label another way; the configured one comes first. */
const otherCarriers = ["ups", "fedex", "dhl", "usps"];

export type TrackingEntry = { shipmentId: string; trackingNumber: string; carrier: string };

type Props = {
  rows: readonly ManualQueueRow[] | undefined;
  carrierCode: string;
  showWarehouse: boolean;
  /** The shipment a request is running for, if any. */
  busyId: string | null;
  /** The last hand-entry refused, by shipment: shown under that row's form. */
  entryError: { shipmentId: string; message: string } | null;
  onRetry: (row: ManualQueueRow) => void;
  onEnter: (row: ManualQueueRow, entry: TrackingEntry) => void;
};

/**
 * Parcels the carrier could not label (SHIP-P0-01): why, a retry with the same request, or the
 * tracking number of a label made another way (a duplicate is refused by the server, SHIP-P0-02).
 */
export function ManualQueue({ rows, carrierCode, showWarehouse, busyId, entryError, onRetry, onEnter }: Props) {
  return (
    <section aria-labelledby="manual-queue-heading">
      <SectionHeading id="manual-queue-heading" count={rows?.length}>
        Manual queue
      </SectionHeading>
      {!rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <EmptyState>No parcels are waiting for a label. When the carrier fails, parcels wait here instead of blocking packing.</EmptyState>
      ) : (
        <ul className="space-y-3">
          {rows.map((row) => (
            <ManualRow
              key={row.shipmentId}
              row={row}
              carrierCode={carrierCode}
              showWarehouse={showWarehouse}
              busy={busyId === row.shipmentId}
              error={entryError?.shipmentId === row.shipmentId ? entryError.message : null}
              onRetry={onRetry}
              onEnter={onEnter}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ManualRow({
  row,
  carrierCode,
  showWarehouse,
  busy,
  error,
  onRetry,
  onEnter,
}: {
  row: ManualQueueRow;
  carrierCode: string;
  showWarehouse: boolean;
  busy: boolean;
  error: string | null;
  onRetry: Props["onRetry"];
  onEnter: Props["onEnter"];
}) {
  const [entering, setEntering] = useState(false);
  const [trackingNumber, setTrackingNumber] = useState("");
  const [carrier, setCarrier] = useState(carrierCode);
  const fieldId = `tracking-${row.shipmentId}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!trackingNumber.trim() || busy) return;
    onEnter(row, { shipmentId: row.shipmentId, trackingNumber: trackingNumber.trim(), carrier });
  }

  return (
    <li className="rounded-xl border border-amber-300 bg-white p-4 shadow-sm" data-testid="manual-queue-row">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-mono text-base font-semibold text-slate-900">
          {row.orderNumber}
          {showWarehouse && <span className="ml-2 font-sans text-xs font-medium text-slate-500">{row.warehouseCode}</span>}
        </span>
        <ShipmentStatusBadge status={row.status} />
      </div>
      <p className="mt-1 text-sm text-slate-600">
        Box {row.boxCode}, {(row.weightGrams / 1000).toFixed(2)} kg · {row.labelAttempts} {row.labelAttempts === 1 ? "try" : "tries"} · since{" "}
        <DateTime value={row.updatedAt} />
      </p>
      {row.lastError && <p className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">{row.lastError}</p>}
      <RetryNote row={row} />

      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <Button size="lg" className="sm:h-10 sm:text-sm" loading={busy && !entering} disabled={busy} onClick={() => onRetry(row)} aria-label={`Retry label for ${row.orderNumber}`}>
          Retry label
        </Button>
        <Button
          size="lg"
          variant="secondary"
          className="sm:h-10 sm:text-sm"
          aria-expanded={entering}
          aria-controls={`${fieldId}-form`}
          onClick={() => setEntering((v) => !v)}
        >
          Enter tracking number
        </Button>
      </div>

      {entering && (
        <form id={`${fieldId}-form`} onSubmit={submit} noValidate className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem_auto] sm:items-end">
          <div className="space-y-1.5">
            <Label htmlFor={fieldId}>Tracking number</Label>
            <Input
              id={fieldId}
              value={trackingNumber}
              onChange={(e) => setTrackingNumber(e.target.value)}
              autoFocus
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              enterKeyHint="done"
              invalid={error !== null}
              aria-describedby={error ? `${fieldId}-error` : undefined}
              className="font-mono"
              placeholder="Scan or type it"
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={`${fieldId}-carrier`}>Carrier</Label>
            <Select id={`${fieldId}-carrier`} value={carrier} onChange={(e) => setCarrier(e.target.value)}>
              {[carrierCode, ...otherCarriers.filter((c) => c !== carrierCode)].map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" size="lg" className="sm:h-11" loading={busy && entering} disabled={busy || !trackingNumber.trim()}>
            Save
          </Button>
          <div className="sm:col-span-3">
            <FieldError id={`${fieldId}-error`} messages={error} />
          </div>
        </form>
      )}
    </li>
  );
}
