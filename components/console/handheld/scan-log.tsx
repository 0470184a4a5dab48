"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { ScanLine, ScanQueueState, ScanStatus } from "./scan-queue";
import { setMuted, useMuted } from "./sound";

const statusBadge: Record<ScanStatus, { label: string; tone: BadgeTone }> = {
  waiting: { label: "Waiting", tone: "neutral" },
  sending: { label: "Sending", tone: "brand" },
  accepted: { label: "Done", tone: "success" },
  refused: { label: "Refused", tone: "danger" },
};

const scans = (n: number) => `${n} ${n === 1 ? "scan" : "scans"}`;

/** "Offline — 3 scans waiting" while the network is gone; how many are still on their way otherwise. */
export function ScanQueueStatus({ state }: { state: ScanQueueState }) {
  if (state.offline) {
    return (
      <p role="status" data-testid="scan-queue-status" className="rounded-lg border-2 border-amber-400 bg-amber-50 px-3 py-2 text-base font-semibold text-amber-950">
        Offline — {scans(state.waiting)} waiting
        <span className="block text-sm font-normal">Keep scanning: they are kept on this device and sent in order when the network is back.</span>
      </p>
    );
  }
  return (
    <p role="status" data-testid="scan-queue-status" className="min-h-5 text-sm text-slate-500">
      {state.waiting > 0 ? `Sending ${scans(state.waiting)}…` : ""}
    </p>
  );
}

function LogLine({ line }: { line: ScanLine }) {
  const badge = line.status === "accepted" && line.tone === "warn" ? { label: "Done", tone: "warning" as const } : statusBadge[line.status];
  return (
    <li data-testid="scan-line" data-status={line.status} className={cn("flex items-start gap-3 px-3 py-2", line.status === "refused" && "bg-red-50")}>
      <span className="min-w-0 flex-1">
        <span className="block font-mono font-semibold break-all text-slate-900">{line.code}</span>
        {line.message && <span className={cn("block text-sm", line.status === "refused" ? "font-medium text-red-800" : "text-slate-600")}>{line.message}</span>}
      </span>
      <Badge tone={badge.tone} className="shrink-0">
        {badge.label}
      </Badge>
    </li>
  );
}

/** Every recent scan with its own answer, newest first: a refusal stays visible for its scan. */
export function ScanLog({ state }: { state: ScanQueueState }) {
  if (state.lines.length === 0) return null;
  return (
    <section aria-labelledby="scan-log-heading">
      <h2 id="scan-log-heading" className="mb-1 text-sm font-semibold tracking-wide text-slate-500 uppercase">
        Scans
      </h2>
      <ol aria-label="Recent scans" className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-xl border border-slate-200 bg-white text-sm shadow-sm">
        {[...state.lines].reverse().map((line) => (
          <LogLine key={line.scanId} line={line} />
        ))}
      </ol>
    </section>
  );
}

/** Sound on or off for this device (vibration stays); `then` puts the cursor back where scans go. */
export function SoundToggle({ then }: { then?: () => void }) {
  const muted = useMuted();
  return (
    <button
      type="button"
      aria-pressed={muted}
      onClick={() => {
        setMuted(!muted);
        then?.();
      }}
      className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
    >
      <span aria-hidden="true">{muted ? "🔇" : "🔊"}</span> Mute sound
    </button>
  );
}
