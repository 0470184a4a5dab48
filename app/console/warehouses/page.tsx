import type { Metadata } from "next";
import { loadWarehouses } from "@/server/console/data";
import { formatNumber } from "@/components/console/format";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { LowStockBadge, unitsAvailable } from "@/components/console/warehouse-figures";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { RowHeader, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Warehouses" };
export const dynamic = "force-dynamic";

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
        <Table caption="Units on hand, reserved and available per warehouse">
          <TableHead>
            <Th>Warehouse</Th>
            <Th numeric>Products</Th>
            <Th numeric>On hand</Th>
            <Th numeric>Reserved</Th>
            <Th numeric>Available</Th>
            <Th>Low stock</Th>
          </TableHead>
          <TableBody>
            {warehouses.data.map((w) => (
              <tr key={w.id} className="hover:bg-slate-50">
                <RowHeader className="whitespace-nowrap">
                  <span className="block font-medium text-slate-900">{w.name}</span>
                  <span className="block text-xs text-slate-500">
                    {w.code} · {w.city}
                  </span>
                </RowHeader>
                <Td numeric className="text-slate-900">{formatNumber(w.skus)}</Td>
                <Td numeric className="text-slate-900">{formatNumber(w.unitsOnHand)}</Td>
                <Td numeric className="text-slate-900">{formatNumber(w.unitsReserved)}</Td>
                <Td numeric className="text-slate-900">{formatNumber(unitsAvailable(w))}</Td>
                <Td className="text-slate-700">
                  <LowStockBadge count={w.lowStock} />
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
