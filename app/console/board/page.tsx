import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { ManagerBoard } from "@/components/console/board/manager-board";
import { requireUser } from "@/server/console/guard";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/db/client";
import { allowed } from "@/server/auth";
import { boardWarehouses } from "@/server/picking";

export const metadata: Metadata = { title: "Warehouse board" };
export const dynamic = "force-dynamic";

/** The warehouse manager's board; an admin picks the warehouse with ?warehouse=CODE. */
export default async function BoardPage({ searchParams }: { searchParams: Promise<{ warehouse?: string }> }) {
  const user = await requireUser("/console/board");
  if (!allowed(user.role, "warehouseManager")) return <Forbidden />;
  const { warehouse } = await searchParams;
  const sites = await boardWarehouses(db());
  const site = user.warehouseId ? sites.find((w) => w.id === user.warehouseId) : (sites.find((w) => w.code === warehouse?.toUpperCase()) ?? sites[0]);
  if (!site) return <Forbidden />;
  return (
    <>
      <PageHeader
        title={`${site.name} board`}
        description="Release waves, hand out picklists, and settle short picks. Figures refresh on their own."
        actions={
          !user.warehouseId && (
            <nav aria-label="Warehouses" className="flex gap-2 text-sm">
              {sites.map((w) => (
                <a key={w.id} href={`/console/board?warehouse=${w.code}`} aria-current={w.id === site.id ? "page" : undefined} className={w.id === site.id ? "font-semibold text-brand-700" : "text-slate-600 hover:underline"}>
                  {w.code}
                </a>
              ))}
            </nav>
          )
        }
      />
      <ManagerBoard warehouseId={site.id} />
    </>
  );
}
