import type { Metadata } from "next";
import { CompensationsDesk } from "@/components/console/compensations/compensations-desk";
import { Forbidden, OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Failed compensations" };
export const dynamic = "force-dynamic";

const statusFilters = new Set(["pending", "exhausted", "resolved", "discarded"]);

/** The DLQ of failed compensations (P0-2024-01): filter, inspect, replay one or many, discard. */
export default async function CompensationsPage({ searchParams }: { searchParams: Promise<{ status?: string | string[] }> }) {
  const user = await requireUser("/console/compensations");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="Failed compensations" plural />;
  const { status } = await searchParams;
  const initialStatus = typeof status === "string" && statusFilters.has(status) ? status : "";
  return (
    <>
      <PageHeader
        title="Failed compensations"
        description="Voids, refunds, releases, restocks and shipment cancels that still failed after their retries. The cron keeps retrying them with backoff; replay them now once the cause is fixed (through the same path as the automatic retry), or discard them with a reason."
      />
      <CompensationsDesk initialStatus={initialStatus} />
    </>
  );
}
