import { backToScan } from "@/components/console/handheld/scan-field";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { ShippedRow, SimulatedTrackingType } from "@/server/shipping";
import { labelHref, Loading, SectionHeading, ShipmentStatusBadge } from "./shipment-status";

/** Where the carrier says shipped parcels are; with the sandbox carrier, buttons play the carrier. */
export function RecentlyShipped({
  rows,
  showWarehouse,
  simulate,
  busyId,
  onSimulate,
}: {
  rows: readonly ShippedRow[] | undefined;
  showWarehouse: boolean;
  /** The sandbox carrier is configured and the user may play it. */
  simulate: boolean;
  busyId: string | null;
  onSimulate: (row: ShippedRow, type: SimulatedTrackingType) => void;
}) {
  return (
    <section aria-labelledby="shipped-heading">
      <SectionHeading id="shipped-heading" count={rows?.length}>
        Recently shipped
      </SectionHeading>
      {simulate && (
        <p className="mb-2 text-sm text-slate-600">
          Sandbox carrier: the buttons send the carrier&apos;s signed tracking events to Depot&apos;s webhook, exactly as a real carrier would.
        </p>
      )}
      {!rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <EmptyState>Nothing shipped yet.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
          {rows.map((row) => {
            const open = row.status !== "delivered" && row.status !== "cancelled";
            const sandbox = simulate && open && row.carrier === "sandbox" && row.trackingNumber !== null;
            return (
              <li key={row.shipmentId} className="px-4 py-3" data-testid="shipped-row">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-mono text-base font-semibold text-slate-900">{row.orderNumber}</span>
                  {showWarehouse && <span className="text-xs font-medium text-slate-500">{row.warehouseCode}</span>}
                  <ShipmentStatusBadge status={row.status} />
                  <span className="ml-auto text-xs text-slate-500">
                    {row.deliveredAt ? (
                      <>
                        Delivered <DateTime value={row.deliveredAt} />
                      </>
                    ) : row.shippedAt ? (
                      <>
                        Shipped <DateTime value={row.shippedAt} />
                      </>
                    ) : null}
                  </span>
                </div>
                <p className="mt-0.5 flex flex-wrap items-center gap-x-3 text-sm text-slate-600">
                  <span className="font-mono">{row.trackingNumber ?? "—"}</span>
                  <span>{row.carrier}</span>
                  {row.hasLabel && (
                    <a href={labelHref(row.shipmentId)} target="_blank" rel="noopener noreferrer" onClick={backToScan} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                      Label
                    </a>
                  )}
                </p>
                {sandbox && (
                  <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label={`Simulate carrier for ${row.orderNumber}`}>
                    {row.status === "shipped" && (
                      <Button size="sm" variant="secondary" disabled={busyId !== null} loading={busyId === row.shipmentId} onClick={() => onSimulate(row, "in_transit")}>
                        Carrier: in transit
                      </Button>
                    )}
                    <Button size="sm" variant="secondary" disabled={busyId !== null} onClick={() => onSimulate(row, "delivered")}>
                      Carrier: delivered
                    </Button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
