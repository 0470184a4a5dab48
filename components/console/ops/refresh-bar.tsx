"use client";

import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";

/** Live refresh controls: when the figures were read, a pause toggle and a manual refresh. */
export function RefreshBar({
  updatedAt,
  paused,
  onPausedChange,
  onRefresh,
  refreshing,
  intervalSeconds,
  id,
}: {
  updatedAt: number;
  paused: boolean;
  onPausedChange: (paused: boolean) => void;
  onRefresh: () => void;
  refreshing: boolean;
  intervalSeconds: number;
  id: string;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-600">
      <p>
        Updated{" "}
        {updatedAt ? <DateTime value={updatedAt} style="time-seconds" className="font-medium text-slate-900 tabular-nums" /> : <span className="font-medium text-slate-900">–</span>}
        {paused ? " · live refresh paused" : ` · refreshes every ${intervalSeconds} s`}
      </p>
      <label htmlFor={id} className="inline-flex items-center gap-2">
        <input id={id} type="checkbox" className="size-4 rounded border-slate-300" checked={!paused} onChange={(e) => onPausedChange(!e.target.checked)} />
        Live refresh
      </label>
      <Button size="sm" variant="secondary" onClick={onRefresh} loading={refreshing}>
        Refresh now
      </Button>
    </div>
  );
}
