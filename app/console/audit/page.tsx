import type { Metadata } from "next";
import { AuditLog } from "@/components/console/audit/audit-log";
import { Forbidden, OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

/** Every operator action (replays, discards, releases, adjustments, overrides ...), searchable. */
export default async function AuditPage() {
  const user = await requireUser("/console/audit");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="The audit log" />;
  return (
    <>
      <PageHeader title="Audit log" description="Every operator action, who took it, on what, and why — written in the same transaction as the action itself. Newest first." />
      <AuditLog />
    </>
  );
}
