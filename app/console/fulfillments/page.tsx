import type { Metadata } from "next";
import { loadFulfillments } from "@/server/console/data";
import { formatNumber } from "@/components/console/format";
import { Forbidden } from "@/components/console/forbidden";
import { FulfillmentStatusBadge } from "@/components/console/fulfillment-status";
import { requireUser } from "@/server/console/guard";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Fulfillments" };
export const dynamic = "force-dynamic";

const LIMIT = 100;

const th = "px-4 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const thNum = "px-4 py-3 text-right text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-4 py-3 whitespace-nowrap text-slate-700";
const tdNum = "px-4 py-3 text-right tabular-nums whitespace-nowrap text-slate-900";

export default async function FulfillmentsPage() {
  const user = await requireUser("/console/fulfillments");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  const fulfillments = await loadFulfillments(user, LIMIT);
  const seesAll = allowed(user.role, "ops");

  return (
    <>
      <PageHeader
        title="Fulfillments"
        description={
          <>
            {seesAll ? "What every Depot warehouse ships, newest first." : "What your warehouse ships, newest first."} A fulfillment is
            created when an order is confirmed.
          </>
        }
      />
      {!fulfillments.ok ? (
        <Alert tone="error" title="Fulfillments unavailable">
          {fulfillments.message}
        </Alert>
      ) : fulfillments.data.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <p className="font-semibold text-slate-900">No fulfillments yet.</p>
          <p className="mt-1 text-sm text-slate-600">
            {seesAll ? "Confirmed orders show up here" : "Confirmed orders your warehouse ships show up here"} as soon as they are paid.
          </p>
        </div>
      ) : (
        <>
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Fulfillments, newest first</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>
                    Order
                  </th>
                  <th scope="col" className={th}>
                    Warehouse
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={thNum}>
                    Items
                  </th>
                  <th scope="col" className={thNum}>
                    Units
                  </th>
                  <th scope="col" className={th}>
                    Created (UTC)
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {fulfillments.data.map((f) => (
                  <tr key={f.id} className="hover:bg-slate-50">
                    <th scope="row" className="px-4 py-3 text-left font-mono font-medium whitespace-nowrap text-slate-900">
                      {f.orderNumber}
                    </th>
                    <td className={td}>
                      <span title={f.warehouseName}>{f.warehouseCode}</span>
                    </td>
                    <td className={td}>
                      <FulfillmentStatusBadge status={f.status} />
                    </td>
                    <td className={tdNum}>{formatNumber(f.items)}</td>
                    <td className={tdNum}>{formatNumber(f.units)}</td>
                    <td className={td}>
                      <DateTime value={f.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {fulfillments.data.length >= LIMIT && <p className="mt-3 text-sm text-slate-500">Showing the newest {LIMIT} fulfillments.</p>}
        </>
      )}
    </>
  );
}
