import type { Metadata } from "next";
import { OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { CsvImport } from "@/components/console/inventory/csv-import";
import { LevelsTable } from "@/components/console/inventory/levels-table";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Inventory" };
export const dynamic = "force-dynamic";

export default async function InventoryPage() {
  const user = await requireUser("/console/inventory");
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="Inventory" />;
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Stock per warehouse: adjust counts with a reason, set low-stock thresholds, open a SKU's ledger, and import stock or prices from CSV. Every change is audited."
      />
      <div className="space-y-8">
        <LevelsTable />
        <CsvImport canImportPrices={allowed(user.role, "admin")} />
      </div>
    </>
  );
}
