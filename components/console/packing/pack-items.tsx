import { Meter } from "@/components/console/handheld/meter";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { PackItem } from "@/server/fulfillment";

/** The order's items with how many of each are in the box. */
export function PackItems({ items }: { items: readonly PackItem[] }) {
  return (
    <ul aria-label="Items to pack" className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      {items.map((item) => {
        const full = item.packed >= item.quantity;
        return (
          <li key={item.id} className={cn("px-4 py-3", full && "bg-emerald-50/60")}>
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-mono font-semibold text-slate-900">{item.sku}</span>
                  {item.requiresQc && <Badge tone="warning">QC</Badge>}
                </p>
                <p className="truncate text-sm text-slate-600">{item.name}</p>
              </div>
              <p className={cn("shrink-0 text-lg font-semibold tabular-nums", full ? "text-emerald-700" : "text-slate-900")}>
                {full && (
                  <span aria-hidden="true" className="mr-1">
                    ✓
                  </span>
                )}
                {item.packed}/{item.quantity}
              </p>
            </div>
            <Meter className="mt-2" done={item.packed} total={item.quantity} label={`${item.sku} packed`} tone={full ? "success" : "brand"} />
          </li>
        );
      })}
    </ul>
  );
}
