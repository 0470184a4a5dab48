import type { Metadata } from "next";
import { loadOutboxStats } from "@/server/console/data";
import { Forbidden, OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { OutboxEvents } from "@/components/console/outbox/outbox-events";
import { OutboxStatCards, outboxNeedsAttention } from "@/components/console/outbox-stats";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Outbox and events" };
export const dynamic = "force-dynamic";

export default async function OutboxPage() {
  const user = await requireUser("/console/outbox");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="The outbox" />;

  const stats = await loadOutboxStats();
  return (
    <>
      <PageHeader
        title="Outbox and events"
        description="Domain events waiting to be delivered to the workflow engine (Inngest): inspect their payloads and errors, and retry the ones that failed."
      />
      {!stats.ok ? (
        <Alert tone="error" title="Outbox figures unavailable">
          {stats.message}
        </Alert>
      ) : (
        <div className="space-y-4">
          {outboxNeedsAttention(stats.data) ? (
            <Alert tone="error" title="The outbox needs attention">
              {stats.data.failed > 0
                ? "Some events failed for good and will not be retried on their own. Retry them below once the cause is fixed."
                : "Events are waiting longer than 5 minutes; the relay may be stalled."}
            </Alert>
          ) : (
            <Alert tone="success">The outbox is healthy.</Alert>
          )}
          <OutboxStatCards stats={stats.data} />
        </div>
      )}
      <div className="mt-8">
        <OutboxEvents />
      </div>
    </>
  );
}
