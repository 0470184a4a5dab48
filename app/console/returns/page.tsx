import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { ReturnsDesk } from "@/components/console/returns/returns-desk";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Returns" };
export const dynamic = "force-dynamic";

export default async function ReturnsPage() {
  const user = await requireUser("/console/returns");
  if (!allowed(user.role, "ops")) {
    return <Forbidden title="Operations only" message="Returns are approved, received and refunded by ops." backHref="/console" backLabel="Back to the console" />;
  }
  return (
    <>
      <PageHeader
        title="Returns"
        description={`Approve or reject customers' return requests (open for ${env().returnWindowDays} days after delivery), inspect what comes back, and refund. Refunds and restocks run in the background; a failure shows up here and among the failed compensations.`}
      />
      <ReturnsDesk />
    </>
  );
}
