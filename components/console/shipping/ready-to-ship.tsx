import { backToScan } from "@/components/console/handheld/scan-field";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { ShipmentRow } from "@/server/shipping";
import { labelHref, Loading, SectionHeading } from "./shipment-status";

/** Labelled parcels at the dock: scan one (above) or tap Ship when the carrier takes it. */
export function ReadyToShip({
  rows,
  showWarehouse,
  busyId,
  onShip,
}: {
  rows: readonly ShipmentRow[] | undefined;
  showWarehouse: boolean;
  busyId: string | null;
  onShip: (row: ShipmentRow) => void;
}) {
  return (
    <section aria-labelledby="ready-heading">
      <SectionHeading id="ready-heading" count={rows?.length}>
        Ready to ship
      </SectionHeading>
      {!rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <EmptyState>No labelled parcels at the dock. Packed parcels show up here once they have their label.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
          {rows.map((row) => (
            <li key={row.shipmentId} className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="ready-row">
              <div className="min-w-0 flex-1">
                <p className="font-mono text-base font-semibold text-slate-900">
                  {row.orderNumber}
                  {showWarehouse && <span className="ml-2 font-sans text-xs font-medium text-slate-500">{row.warehouseCode}</span>}
                </p>
                <p className="truncate text-sm text-slate-600">
                  <span className="font-mono">{row.trackingNumber}</span> · {row.carrier} · box {row.boxCode}
                </p>
              </div>
              {row.hasLabel && (
                <a href={labelHref(row.shipmentId)} target="_blank" rel="noopener noreferrer" onClick={backToScan} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
                  Label
                </a>
              )}
              <Button size="md" loading={busyId === row.shipmentId} disabled={busyId !== null} onClick={() => onShip(row)} aria-label={`Ship ${row.orderNumber}`}>
                Ship
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
