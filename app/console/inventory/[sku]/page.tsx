import type { Metadata } from "next";
import Link from "next/link";
import { OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { SkuLedger } from "@/components/console/inventory/sku-ledger";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

type Params = { params: Promise<{ sku: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { sku } = await params;
  return { title: `Ledger ${decodeURIComponent(sku)}` };
}
export const dynamic = "force-dynamic";

/** One SKU: its levels per warehouse, its ledger newest first, and (administrators) its price. */
export default async function SkuLedgerPage({ params }: Params) {
  const { sku: raw } = await params;
  const sku = decodeURIComponent(raw);
  const user = await requireUser(`/console/inventory/${encodeURIComponent(sku)}`);
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="Inventory" />;
  return (
    <>
      <PageHeader
        title={`Ledger of ${sku}`}
        description="Every stock movement of this SKU, newest first: orders reserving and releasing, shipments, adjustments and imports."
        actions={
          <Link href="/console/inventory" className="text-sm font-medium text-brand-700 hover:underline">
            Back to inventory
          </Link>
        }
      />
      <SkuLedger sku={sku} canChangePrice={allowed(user.role, "admin")} />
    </>
  );
}
