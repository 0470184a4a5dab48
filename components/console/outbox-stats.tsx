import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { OutboxStats } from "@/server/outbox";
import { OUTBOX_LAG_LIMIT_SECONDS } from "@/server/vocabulary/outbox";
import { formatAge, formatNumber } from "./format";
import { Stat } from "./stat";

const ageIsHigh = (stats: OutboxStats) => (stats.oldestPendingAgeSeconds ?? 0) > OUTBOX_LAG_LIMIT_SECONDS;

export function outboxNeedsAttention(stats: OutboxStats): boolean {
  return stats.failed > 0 || ageIsHigh(stats);
}

/** Compact health card for the overview. */
export function OutboxHealthCard({ stats }: { stats: OutboxStats }) {
  const warn = outboxNeedsAttention(stats);
  return (
    <Card className={cn("flex flex-col", warn && "border-amber-300 bg-amber-50")}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-semibold text-slate-900">Outbox</h3>
        <Badge tone={stats.failed > 0 ? "danger" : warn ? "warning" : "success"}>
          {stats.failed > 0 ? "Failures" : warn ? "Falling behind" : "Healthy"}
        </Badge>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
        <div>
          <dt className="text-slate-600">Pending</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatNumber(stats.pending)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Failed</dt>
          <dd className={cn("text-lg font-semibold tabular-nums", stats.failed > 0 && "text-red-700")}>{formatNumber(stats.failed)}</dd>
        </div>
        <div className="col-span-2">
          <dt className="text-slate-600">Oldest pending</dt>
          <dd className={cn("font-medium", ageIsHigh(stats) && "text-amber-800")}>{formatAge(stats.oldestPendingAgeSeconds)}</dd>
        </div>
      </dl>
      <Link href="/console/outbox" className="mt-4 text-sm font-medium text-brand-600 hover:text-brand-700 hover:underline">
        Outbox details
      </Link>
    </Card>
  );
}

/** The full set of figures for the outbox page. */
export function OutboxStatCards({ stats }: { stats: OutboxStats }) {
  return (
    <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Stat label="Pending" value={formatNumber(stats.pending)} hint="Events waiting to be sent" />
      <Stat
        label="Failed"
        value={formatNumber(stats.failed)}
        hint={stats.failed > 0 ? "Gave up after repeated attempts" : "No failures"}
        tone={stats.failed > 0 ? "danger" : "default"}
      />
      <Stat label="Sent in the last hour" value={formatNumber(stats.sentLastHour)} />
      <Stat
        label="Oldest pending"
        value={formatAge(stats.oldestPendingAgeSeconds)}
        hint={ageIsHigh(stats) ? "Waiting longer than 5 minutes" : "Within 5 minutes"}
        tone={ageIsHigh(stats) ? "warning" : "default"}
      />
    </dl>
  );
}
