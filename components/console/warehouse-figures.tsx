import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { WarehouseSummary } from "@/server/inventory";
import { formatNumber } from "./format";
import { Stat } from "./stat";

export const unitsAvailable = (w: WarehouseSummary) => w.unitsOnHand - w.unitsReserved;

export function LowStockBadge({ count }: { count: number }) {
  return count > 0 ? <Badge tone="warning">{formatNumber(count)} low stock</Badge> : <Badge tone="success">Stock OK</Badge>;
}

/** A summary card per warehouse (ops/admin overview). */
export function WarehouseCard({ warehouse: w }: { warehouse: WarehouseSummary }) {
  return (
    <Card className="flex flex-col">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate font-semibold text-slate-900">{w.name}</h3>
          <p className="text-sm text-slate-500">
            {w.code} · {w.city}
          </p>
        </div>
        <LowStockBadge count={w.lowStock} />
      </div>
      <dl className="mt-4 grid grid-cols-3 gap-3 text-sm [&_dt]:text-xs">
        <div>
          <dt className="text-slate-600">On hand</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatNumber(w.unitsOnHand)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Reserved</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatNumber(w.unitsReserved)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Available</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatNumber(unitsAvailable(w))}</dd>
        </div>
      </dl>
    </Card>
  );
}

/** Every figure of one warehouse (warehouse staff overview). */
export function WarehouseFigures({ warehouse: w }: { warehouse: WarehouseSummary }) {
  return (
    <section aria-labelledby={`wh-${w.id}`}>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h2 id={`wh-${w.id}`} className="text-lg font-semibold text-slate-900">
          {w.name}
        </h2>
        <span className="text-sm text-slate-500">
          {w.code} · {w.city}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Units on hand" value={formatNumber(w.unitsOnHand)} />
        <Stat label="Units reserved" value={formatNumber(w.unitsReserved)} />
        <Stat label="Units available" value={formatNumber(unitsAvailable(w))} />
        <Stat
          label="Low-stock products"
          value={formatNumber(w.lowStock)}
          tone={w.lowStock > 0 ? "warning" : "default"}
          hint={w.lowStock > 0 ? "At or below their reorder threshold" : "Nothing below threshold"}
        />
        <Stat label="Products in stock" value={formatNumber(w.skus)} />
        <Stat label="Bins" value={formatNumber(w.bins)} />
        <Stat label="Daily capacity" value={formatNumber(w.dailyCapacity)} hint="Fulfillments per day" />
      </dl>
    </section>
  );
}
