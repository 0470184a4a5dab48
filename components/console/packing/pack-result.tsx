import { backToScan } from "@/components/console/handheld/scan-field";
import { buttonClasses } from "@/components/ui/button";
import type { closeBoxAndLabel } from "@/server/shipping";

export type ClosedBox = Awaited<ReturnType<typeof closeBoxAndLabel>> & { orderNumber: string };

export const labelHref = (shipmentId: string) => `/api/shipments/${shipmentId}/label`;

/** What happened after the box was closed: a label to print, or the parcel waits in the manual queue. */
export function PackResult({ closed }: { closed: ClosedBox }) {
  const labelled = closed.label === "labelled" || (closed.label === "unchanged" && closed.trackingNumber !== null);
  if (labelled) {
    return (
      <section aria-labelledby="pack-result-heading" className="space-y-3 rounded-2xl border-2 border-emerald-600 bg-emerald-50 p-5">
        <h2 id="pack-result-heading" className="text-xl font-semibold text-emerald-950">
          Order {closed.orderNumber} packed
        </h2>
        <p className="text-emerald-900">
          Tracking number{" "}
          <span data-testid="tracking-number" className="font-mono font-semibold">
            {closed.trackingNumber}
          </span>
          . Print the label and stick it on the box.
        </p>
        {/* The label opens in a new tab; the cursor comes back to the scan field, so the next Enter is a scan, not this link again. */}
        <a href={labelHref(closed.shipmentId)} target="_blank" rel="noopener noreferrer" onClick={backToScan} className={buttonClasses("primary", "lg", "w-full")}>
          Print label
        </a>
      </section>
    );
  }
  return (
    <section aria-labelledby="pack-result-heading" className="space-y-2 rounded-2xl border border-slate-300 bg-white p-5">
      <h2 id="pack-result-heading" className="text-xl font-semibold text-slate-900">
        Order {closed.orderNumber} is packed
      </h2>
      <p className="text-slate-700">
        The carrier couldn&apos;t make a label right now, so the parcel waits in the shipping manual queue. Put it on the manual shelf: shipping staff retry
        the label or enter a tracking number there. Nothing else to do here.
      </p>
      {closed.error && <p className="text-sm text-slate-500">Carrier said: {closed.error}</p>}
    </section>
  );
}
