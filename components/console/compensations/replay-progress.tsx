"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { CompensationProgress, ReplayResult } from "@/server/compensations";
import { replayOutcomeLabels, shortId } from "./labels";

const POLL_MS = 1000;
/** After this long the page stops watching; the replay still runs in the background. */
const GIVE_UP_MS = 120_000;

type Described = { id: string; title: string };

/** How a queued replay stands once the server has answered, in words and a badge tone. */
function queuedState(p: CompensationProgress | undefined): { done: boolean; tone: BadgeTone; text: string; error?: string } {
  if (!p || p.replayPending) return { done: false, tone: "brand", text: "Running…" };
  if (p.status === "resolved") return { done: true, tone: "success", text: "Resolved" };
  if (p.status === "discarded") return { done: true, tone: "neutral", text: "Discarded meanwhile" };
  if (p.status === "exhausted") return { done: true, tone: "danger", text: "Failed again, still exhausted", error: p.lastError };
  return { done: true, tone: "warning", text: "Failed again, will be retried", error: p.lastError };
}

/**
 * The results of one replay request (single or bulk): what the server answered per row, then,
 * for the queued ones, a progress bar and each row's result as the replays run (polled until
 * every one has settled).
 */
export function ReplayProgress({ results, describe, onSettled }: { results: readonly ReplayResult[]; describe: (id: string) => Described; onSettled: () => void }) {
  const trpc = useTRPC();
  const queued = results.filter((r) => r.outcome === "queued").map((r) => r.id);
  const [startedAt] = useState(() => Date.now());
  const [gaveUp, setGaveUp] = useState(false);
  const progress = useQuery({
    ...trpc.compensations.progress.queryOptions({ ids: queued }),
    enabled: queued.length > 0 && !gaveUp,
    staleTime: 0,
    refetchInterval: (query) => {
      const rows = query.state.data;
      return rows && queued.every((id) => queuedState(rows.find((p) => p.id === id)).done) ? false : POLL_MS;
    },
  });
  const byId = new Map((progress.data ?? []).map((p) => [p.id, p]));
  const finished = queued.filter((id) => queuedState(byId.get(id)).done).length;
  const allDone = queued.length > 0 && finished === queued.length;

  const reported = useRef(false);
  useEffect(() => {
    if (allDone && !reported.current) {
      reported.current = true;
      onSettled();
    }
  }, [allDone, onSettled]);
  useEffect(() => {
    if (allDone || queued.length === 0) return;
    const timer = setTimeout(() => setGaveUp(true), Math.max(0, GIVE_UP_MS - (Date.now() - startedAt)));
    return () => clearTimeout(timer);
  }, [allDone, queued.length, startedAt]);

  const resolved = queued.filter((id) => byId.get(id)?.status === "resolved").length;
  const percent = queued.length === 0 ? 100 : Math.round((finished / queued.length) * 100);

  return (
    <Card role="region" aria-labelledby="replay-progress-heading" className="space-y-3">
      <h2 id="replay-progress-heading" className="text-base font-semibold text-slate-900">
        Replay results
      </h2>
      {queued.length > 0 && (
        <div className="space-y-1.5">
          <div
            role="progressbar"
            aria-label="Replay progress"
            aria-valuemin={0}
            aria-valuemax={queued.length}
            aria-valuenow={finished}
            aria-valuetext={`${finished} of ${queued.length} replays finished`}
            className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
          >
            <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-sm text-slate-700" aria-live="polite">
            {allDone
              ? `All ${queued.length} ${queued.length === 1 ? "replay" : "replays"} finished: ${resolved} resolved, ${queued.length - resolved} failed again.`
              : gaveUp
                ? `${finished} of ${queued.length} replays finished. The rest still run in the background; refresh the list later.`
                : `${finished} of ${queued.length} replays finished…`}
          </p>
        </div>
      )}
      {progress.isError && <Alert tone="error">{errorInfo(progress.error).message}</Alert>}
      <ul aria-label="Replay result per compensation" className="divide-y divide-slate-100 text-sm">
        {results.map((r) => {
          const { title } = describe(r.id);
          const state = r.outcome === "queued" ? queuedState(byId.get(r.id)) : null;
          return (
            <li key={r.id} className="flex flex-wrap items-start justify-between gap-2 py-2" aria-label={`Replay of ${title}`}>
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{title}</p>
                {state?.error && <p className="mt-1 font-mono text-xs break-words text-red-800">{state.error}</p>}
              </div>
              {state ? (
                <Badge tone={state.tone}>{state.text}</Badge>
              ) : (
                <Badge tone={r.outcome === "not_found" ? "danger" : "neutral"}>{replayOutcomeLabels[r.outcome]}</Badge>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

export const describeFallback = (id: string): Described => ({ id, title: `Compensation ${shortId(id)}` });
