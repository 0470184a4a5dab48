"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import type { OpsDashboard } from "@/server/ops";

/** The newest unacknowledged alerts, each with an audited Acknowledge action. */
export function OpenAlerts({ alerts }: { alerts: OpsDashboard["alerts"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const acknowledge = useMutation(
    trpc.dashboard.acknowledgeAlert.mutationOptions({
      onSuccess: (result) => setNotice(result.message),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.dashboard.get.queryKey() }),
    }),
  );
  return (
    <div className="space-y-3">
      {acknowledge.isError && <Alert tone="error">{errorInfo(acknowledge.error).message}</Alert>}
      {notice && !acknowledge.isError && <Alert tone="success">{notice}</Alert>}
      {alerts.newest.length === 0 ? (
        <p className="text-sm text-slate-600">No open alerts.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Open alerts">
          {alerts.newest.map((a) => (
            <li key={a.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0 space-y-1 text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={a.severity === "critical" ? "danger" : "warning"}>{a.severity === "critical" ? "Critical" : "Warning"}</Badge>
                  <span className="font-mono text-xs text-slate-500">{a.kind}</span>
                  <DateTime value={a.createdAt} className="text-xs text-slate-500" />
                </p>
                <p className="text-slate-900">{a.message}</p>
                {a.orderNumber && (
                  <p className="text-xs text-slate-600">
                    Order <span className="font-mono">{a.orderNumber}</span>
                  </p>
                )}
              </div>
              <Button
                size="sm"
                variant="secondary"
                aria-label={`Acknowledge alert: ${a.message}`}
                loading={acknowledge.isPending && acknowledge.variables?.alertId === a.id}
                onClick={() => {
                  setNotice(null);
                  acknowledge.mutate({ alertId: a.id });
                }}
              >
                Acknowledge
              </Button>
            </li>
          ))}
        </ul>
      )}
      {alerts.open > alerts.newest.length && (
        <p className="text-xs text-slate-500">
          Showing the newest {alerts.newest.length} of {alerts.open} open alerts.
        </p>
      )}
    </div>
  );
}
