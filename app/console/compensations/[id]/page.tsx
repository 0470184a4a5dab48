import type { Metadata } from "next";
import Link from "next/link";
import { CompensationDetailView } from "@/components/console/compensations/compensation-detail";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/components/console/guard";
import { PageHeader } from "@/components/ui/page-header";
import { allowed, roleLabels } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Failed compensation" };
export const dynamic = "force-dynamic";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One failed compensation: metadata, every attempt's error, replay and discard. */
export default async function CompensationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/console/compensations/${encodeURIComponent(id)}`);
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) {
    return (
      <Forbidden
        title="Operations only"
        message={`Failed compensations are for operations staff and administrators. Your ${roleLabels[user.role].toLowerCase()} account can't open them.`}
        backHref="/console"
        backLabel="Back to the overview"
      />
    );
  }
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
