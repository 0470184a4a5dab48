"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { FieldError, FieldHint, Label } from "@/components/ui/input";
import type { CompensationDetail } from "@/server/compensations";
import { compensationTitle } from "./compensations-desk";
import { operationLabels, replayOutcomeLabels, statusLabels, statusTones } from "./labels";

const MIN_REASON = 5;
const POLL_MS = 1000;

/** One failed compensation: what failed, its metadata, every attempt's error, replay and discard. */
export function CompensationDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({
    ...trpc.compensations.detail.queryOptions({ id }),
    staleTime: 0,
    // While a replay is queued or running, watch it finish.
    refetchInterval: (query) => (query.state.data?.replayPending ? POLL_MS : false),
  });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.compensations.detail.queryKey({ id }) }), queryClient.invalidateQueries({ queryKey: trpc.compensations.list.queryKey() })]);
  const [notice, setNotice] = useState<string | null>(null);
  const replay = useMutation(
    trpc.compensations.replay.mutationOptions({
      onSuccess: ([result]) => setNotice(result ? (result.outcome === "queued" ? "Replay queued. It runs through the same path as the automatic retry; its result appears below." : replayOutcomeLabels[result.outcome]) : null),
      onSettled: () => void refresh(),
    }),
  );

  /** Set synchronously, so a double click sends one request even before the button re-renders disabled. */
  const inFlight = useRef(false);
  const startReplay = (id: string) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setNotice(null);
    replay.mutate(
      { ids: [id] },
      {
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  };

  if (detail.isPending) return <p className="text-sm text-slate-600">Loading the compensation…</p>;
  if (detail.isError) return <Alert tone="error">{errorInfo(detail.error).message}</Alert>;
  const c = detail.data;
  const replayable = c.status === "pending" || c.status === "exhausted";
  const title = compensationTitle(c);

  return (
    <div className="space-y-6">
      <Card className="space-y-4" role="region" aria-labelledby="compensation-summary-heading">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="compensation-summary-heading" className="text-lg font-semibold text-slate-900">
              {operationLabels[c.operation]}
            </h2>
            <p className="font-mono text-xs text-slate-500">{c.id}</p>
          </div>
          <span className="flex flex-wrap gap-1">
            <Badge tone={statusTones[c.status]}>{statusLabels[c.status]}</Badge>
            {c.replayPending && <Badge tone="brand">Replay running</Badge>}
          </span>
        </div>
        <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <Fact term="Order">
            {c.orderNumber ? (
              <Link href={`/console/orders/${c.orderNumber}`} className="font-mono text-brand-700 hover:underline">
                {c.orderNumber}
              </Link>
            ) : (
              "—"
            )}
          </Fact>
          <Fact term="Attempts">{c.attempts}</Fact>
          <Fact term="Failed at">
            <DateTime value={c.createdAt} style="datetime-seconds" />
          </Fact>
          <Fact term={c.status === "pending" ? "Next automatic try" : "Last change"}>
            <DateTime value={c.status === "pending" ? c.nextAttemptAt : c.updatedAt} style="datetime-seconds" />
          </Fact>
        </dl>
        <div>
          <p className="text-sm font-medium text-slate-800">Last error</p>
          <p className="mt-1 rounded-md bg-red-50 px-3 py-2 font-mono text-xs break-words text-red-800">{c.lastError}</p>
        </div>
        {c.status === "discarded" && (
          <Alert tone="info" title={`Discarded${c.discardedByEmail ? ` by ${c.discardedByEmail}` : ""}`}>
            {c.discardReason}
          </Alert>
        )}
        {replay.isError && <Alert tone="error">{errorInfo(replay.error).message}</Alert>}
        {notice && !replay.isError && <Alert tone="info">{notice}</Alert>}
        {replayable && (
          <Button onClick={() => startReplay(c.id)} loading={replay.isPending} disabled={c.replayPending}>
            Replay this compensation
          </Button>
        )}
      </Card>

      <Card role="region" aria-labelledby="compensation-metadata-heading">
        <h2 id="compensation-metadata-heading" className="text-base font-semibold text-slate-900">
          Metadata
        </h2>
        <p className="mt-1 text-sm text-slate-600">Everything the retry needs to perform it again.</p>
        <pre className="mt-3 max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100" aria-label="Metadata JSON">
          {JSON.stringify(c.metadata, null, 2)}
        </pre>
      </Card>

      <Attempts attempts={c.attemptHistory} />

      {c.status !== "resolved" && c.status !== "discarded" && <DiscardForm id={c.id} title={title} attempts={c.attempts} onDone={refresh} />}
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{term}</dt>
      <dd className="mt-0.5 font-medium text-slate-900">{children}</dd>
    </div>
  );
}

function Attempts({ attempts }: { attempts: CompensationDetail["attemptHistory"] }) {
  return (
    <Card role="region" aria-labelledby="compensation-attempts-heading">
      <h2 id="compensation-attempts-heading" className="text-base font-semibold text-slate-900">
        Attempts
      </h2>
      {attempts.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No retry has run yet. The attempts made before it landed here are counted above; their last error is shown.</p>
      ) : (
        <ol className="mt-3 divide-y divide-slate-100" aria-label="Attempts, newest first">
          {attempts.map((a) => (
            <li key={a.id} className="space-y-1 py-3 text-sm" aria-label={`Attempt ${a.attempt}`}>
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-semibold text-slate-900">Attempt {a.attempt}</span>
                <Badge tone={a.outcome === "resolved" ? "success" : a.outcome === "exhausted" ? "danger" : "warning"}>
                  {a.outcome === "resolved" ? "Succeeded" : a.outcome === "exhausted" ? "Failed, exhausted" : "Failed"}
                </Badge>
                <span className="text-slate-600">
                  {a.trigger === "replay" ? `Replay by ${a.actorEmail ?? "an operator"}` : "Automatic retry"} ·{" "}
                  <DateTime value={a.createdAt} style="datetime-seconds" />
                </span>
              </p>
              {a.error && <p className="rounded-md bg-red-50 px-3 py-2 font-mono text-xs break-words text-red-800">{a.error}</p>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function DiscardForm({ id, title, attempts, onDone }: { id: string; title: string; attempts: number; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const discard = useMutation(trpc.compensations.discard.mutationOptions({ onSuccess: () => void onDone() }));
  const { confirm, dialog } = useConfirm();
  const tooShort = reason.trim().length < MIN_REASON;
  const serverError = discard.isError ? errorInfo(discard.error) : null;
  const message = tried && tooShort ? `Say why it is discarded, in at least ${MIN_REASON} characters.` : (serverError?.fieldErrors.reason?.[0] ?? serverError?.message ?? null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (tooShort || discard.isPending) return;
    const why = reason.trim();
    confirm({
      title: `Discard ${title}?`,
      consequence: `${title} failed ${attempts} ${attempts === 1 ? "time" : "times"}. Discarded, it is never retried again, automatically or by replay: whatever it owed (a refund, a restock, a release) must be settled by hand. Your reason goes in the audit log: “${why}”.`,
      confirmLabel: "Discard for good",
      dismissLabel: "Keep retrying it",
      onConfirm: () => discard.mutate({ id, reason: why }),
    });
  };

  return (
    <Card role="region" aria-labelledby="discard-heading">
      {dialog}
      <h2 id="discard-heading" className="text-base font-semibold text-slate-900">
        Discard
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Stop retrying {title}, for instance when it was settled by hand. It is kept with your reason and your name in the audit log.
      </p>
      <form onSubmit={submit} noValidate className="mt-3 space-y-2">
        <Label htmlFor={`discard-reason-${id}`}>Reason for discarding</Label>
        <textarea
          id={`discard-reason-${id}`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          required
          minLength={MIN_REASON}
          aria-invalid={message ? true : undefined}
          aria-describedby={`discard-reason-${id}-hint${message ? ` discard-reason-${id}-error` : ""}`}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500 sm:text-sm aria-invalid:border-red-500"
        />
        <FieldHint id={`discard-reason-${id}-hint`}>At least {MIN_REASON} characters.</FieldHint>
        <FieldError id={`discard-reason-${id}-error`} messages={message} />
        <Button type="submit" variant="danger" loading={discard.isPending}>
          Discard
        </Button>
      </form>
    </Card>
  );
}
