import type { Metadata } from "next";
import { loadFulfillments } from "@/server/console/data";
import { formatNumber } from "@/components/console/format";
import { Forbidden } from "@/components/console/forbidden";
import { FulfillmentStatusBadge } from "@/components/console/fulfillment-status";
import { requireUser } from "@/server/console/guard";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RowHeader, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Fulfillments" };
export const dynamic = "force-dynamic";

const LIMIT = 100;

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
        <EmptyState title="No fulfillments yet.">
          {seesAll ? "Confirmed orders show up here" : "Confirmed orders your warehouse ships show up here"} as soon as they are paid.
        </EmptyState>
      ) : (
        <>
          <Table caption="Fulfillments, newest first">
            <TableHead>
              <Th>Order</Th>
              <Th>Warehouse</Th>
              <Th>Status</Th>
              <Th numeric>Items</Th>
              <Th numeric>Units</Th>
              <Th>Created (UTC)</Th>
            </TableHead>
            <TableBody>
              {fulfillments.data.map((f) => (
                <tr key={f.id} className="hover:bg-slate-50">
                  <RowHeader className="font-mono font-medium whitespace-nowrap text-slate-900">{f.orderNumber}</RowHeader>
                  <Td className="whitespace-nowrap text-slate-700">
                    <span title={f.warehouseName}>{f.warehouseCode}</span>
                  </Td>
                  <Td className="whitespace-nowrap text-slate-700">
                    <FulfillmentStatusBadge status={f.status} />
                  </Td>
                  <Td numeric className="whitespace-nowrap text-slate-900">
                    {formatNumber(f.items)}
                  </Td>
                  <Td numeric className="whitespace-nowrap text-slate-900">
                    {formatNumber(f.units)}
                  </Td>
                  <Td className="whitespace-nowrap text-slate-700">
                    <DateTime value={f.createdAt} />
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
          {fulfillments.data.length >= LIMIT && <p className="mt-3 text-sm text-slate-500">Showing the newest {LIMIT} fulfillments.</p>}
        </>
      )}
    </>
  );
}
