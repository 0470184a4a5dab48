import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { loadWarehouses } from "@/server/console/data";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { consoleHome } from "@/components/console/sections";
import { OpsDashboard } from "@/components/console/ops/ops-dashboard";
import { WarehouseCard, WarehouseFigures } from "@/components/console/warehouse-figures";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { allowed, roleLabels } from "@/server/auth";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function ConsoleOverviewPage() {
  const user = await requireUser("/console");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  // Pickers and packers start on their own work, not the stock overview.
  const home = consoleHome(user.role);
  if (home !== "/console") redirect(home);

  // Ops and admin get the live ops dashboard (outbox, compensations, reservations, alerts) above the warehouses.
  const seesAll = allowed(user.role, "ops");
  const warehouses = await loadWarehouses(user);

  return (
    <>
      <PageHeader
        title={`Hello, ${user.name}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            Signed in as <Badge tone="brand">{roleLabels[user.role]}</Badge>
            {seesAll ? "Here is how the system and every warehouse are doing." : "Here is how your warehouse is doing."}
          </span>
        }
      />

      {seesAll && (
        <div className="mb-8">
          <OpsDashboard />
        </div>
      )}

      {!warehouses.ok ? (
        <Alert tone="error" title="Warehouse figures unavailable">
          {warehouses.message}
        </Alert>
      ) : seesAll ? (
        <section aria-labelledby="network-heading">
          <h2 id="network-heading" className="mb-3 text-lg font-semibold text-slate-900">
            Warehouses
          </h2>
          <div className="grid gap-4 sm:grid-cols-2 2xl:grid-cols-4">
            {warehouses.data.map((w) => (
              <WarehouseCard key={w.id} warehouse={w} />
            ))}
          </div>
          {warehouses.data.length === 0 && <p className="mt-3 text-sm text-slate-600">No warehouses are set up yet.</p>}
        </section>
      ) : warehouses.data.length === 0 ? (
        <Alert tone="info">Your warehouse could not be found. Ask an administrator to check your assignment.</Alert>
      ) : (
        <div className="space-y-8">
          {warehouses.data.map((w) => (
            <WarehouseFigures key={w.id} warehouse={w} />
          ))}
        </div>
      )}
    </>
  );
}
