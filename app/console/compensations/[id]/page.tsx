import type { Metadata } from "next";
import Link from "next/link";
import { CompensationDetailView } from "@/components/console/compensations/compensation-detail";
import { Forbidden, OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Failed compensation" };
export const dynamic = "force-dynamic";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One failed compensation: metadata, every attempt's error, replay and discard. */
export default async function CompensationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/console/compensations/${encodeURIComponent(id)}`);
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="Failed compensations" plural />;
  return (
    <>
      <PageHeader
        title="Failed compensation"
        description={
          <Link href="/console/compensations" className="text-brand-700 hover:underline">
            ← All failed compensations
          </Link>
        }
      />
      {uuid.test(id) ? <CompensationDetailView id={id.toLowerCase()} /> : <p className="text-sm text-slate-600">There is no such failed compensation.</p>}
    </>
  );
}
