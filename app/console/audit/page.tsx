import type { Metadata } from "next";
import { AuditLog } from "@/components/console/audit/audit-log";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/components/console/guard";
import { PageHeader } from "@/components/ui/page-header";
import { allowed, roleLabels } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

/** Every operator action (replays, discards, releases, adjustments, overrides ...), searchable. */
export default async function AuditPage() {
  const user = await requireUser("/console/audit");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) {
    return (
      <Forbidden
        title="Operations only"
        message={`The audit log is for operations staff and administrators. Your ${roleLabels[user.role].toLowerCase()} account can't open it.`}
        backHref="/console"
        backLabel="Back to the overview"
      />
    );
  }
  return (
    <>
      <PageHeader title="Audit log" description="Every operator action, who took it, on what, and why — written in the same transaction as the action itself. Newest first." />
      <AuditLog />
    </>
  );
}
