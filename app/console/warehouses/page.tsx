import type { Metadata } from "next";
import { loadWarehouses } from "@/server/console/data";
import { formatNumber } from "@/components/console/format";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { LowStockBadge, unitsAvailable } from "@/components/console/warehouse-figures";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Warehouses" };
export const dynamic = "force-dynamic";

const th = "px-4 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const thNum = "px-4 py-3 text-right text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-4 py-3 text-slate-700";
const tdNum = "px-4 py-3 text-right tabular-nums text-slate-900";

export default async function WarehousesPage() {
  const user = await requireUser("/console/warehouses");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  const warehouses = await loadWarehouses(user);
  const seesAll = allowed(user.role, "ops");

  return (
    <>
      <PageHeader
        title="Warehouses"
        description={seesAll ? "Stock across every Depot warehouse." : "Stock in your warehouse."}
      />
      {!warehouses.ok ? (
        <Alert tone="error" title="Warehouse figures unavailable">
          {warehouses.message}
        </Alert>
      ) : warehouses.data.length === 0 ? (
        <Alert tone="info">There are no warehouses to show.</Alert>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Units on hand, reserved and available per warehouse</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>
                  Warehouse
                </th>
                <th scope="col" className={thNum}>
                  Products
                </th>
                <th scope="col" className={thNum}>
                  On hand
                </th>
                <th scope="col" className={thNum}>
                  Reserved
                </th>
                <th scope="col" className={thNum}>
                  Available
                </th>
                <th scope="col" className={th}>
                  Low stock
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {warehouses.data.map((w) => (
                <tr key={w.id} className="hover:bg-slate-50">
                  <th scope="row" className="px-4 py-3 text-left font-normal whitespace-nowrap">
                    <span className="block font-medium text-slate-900">{w.name}</span>
                    <span className="block text-xs text-slate-500">
                      {w.code} · {w.city}
                    </span>
                  </th>
                  <td className={tdNum}>{formatNumber(w.skus)}</td>
                  <td className={tdNum}>{formatNumber(w.unitsOnHand)}</td>
                  <td className={tdNum}>{formatNumber(w.unitsReserved)}</td>
                  <td className={tdNum}>{formatNumber(unitsAvailable(w))}</td>
                  <td className={td}>
                    <LowStockBadge count={w.lowStock} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
