"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { ScanFeedback, useFeedback } from "@/components/console/handheld/feedback";
import { Meter } from "@/components/console/handheld/meter";
import { backToScan, focusField, normalizeCode, ScanField } from "@/components/console/handheld/scan-field";
import { attemptId, type Attempt } from "@/components/console/handheld/scan-id";
import { ScanLog, ScanQueueStatus, SoundToggle } from "@/components/console/handheld/scan-log";
import { ScanRefused, type QueuedScan, type ScanVerdict } from "@/components/console/handheld/scan-queue";
import { useScanQueue } from "@/components/console/handheld/use-scan-queue";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Label } from "@/components/ui/input";
import type { ShortPickReason } from "@/server/vocabulary/picking";
import type { PicklistLine } from "@/db/schema";
import type { PickLineView, PicklistSummary } from "@/server/picking";
import { PickLines } from "./pick-lines";
import { ShortPickForm } from "./short-pick-form";

type Detail = Omit<PicklistSummary, "lines"> & { lines: PickLineView[] };
type Step = "bin" | "item" | "quantity";
/** Where the picker is on one line; it belongs to `lineId` and starts over on any other line. */
type Progress = { lineId: string; step: Step; binCode: string; sku: string; quantity: string };

const fresh = (lineId: string): Progress => ({ lineId, step: "bin", binCode: "", sku: "", quantity: "" });
const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
const remainingOf = (line: PickLineView) => line.quantity - line.pickedQuantity;
const isDone = (line: PickLineView) => line.status === "picked" || line.status === "short";

/** The line as the server returned it, merged into the cached picklist. */
function withLine(detail: Detail, changed: PicklistLine, picklistStatus: string): Detail {
  const lines = detail.lines.map((l) =>
    l.id === changed.id ? { ...l, pickedQuantity: changed.pickedQuantity, status: changed.status, shortReason: changed.shortReason } : l,
  );
  const status = picklistStatus === "completed" || picklistStatus === "in_progress" ? picklistStatus : detail.status;
  return { ...detail, status, lines, linesDone: lines.filter(isDone).length };
}

/** The picklist a scan was made on (its queue is the picklist's own). */
type PickScan = { picklistId: string };

/**
 * The walk for one picklist: the current line big, then scan bin → scan item → quantity, and
 * on to the next pending line in walk order. Every scan goes through the scan queue and is
 * checked by the server in its turn, read as a bin or an item by where the scans before it left
 * the line; the confirmation checks them again and is idempotent by its scan id.
 */
export function PickWalk({ picklistId, userId }: { picklistId: string; userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detailKey = trpc.picking.picklist.queryKey({ picklistId });
  const detail = useQuery({ ...trpc.picking.picklist.queryOptions({ picklistId }), refetchOnWindowFocus: false });
  const { feedback, say, fail } = useFeedback();
  const [progress, setProgressState] = useState<Progress | null>(null);
  /** Where the scans sent so far left the line (React state lags behind a fast wedge). */
  const live = useRef<Progress | null>(null);
  const setProgress = (next: Progress | null) => {
    live.current = next;
    setProgressState(next);
  };
  const [shortFor, setShortFor] = useState<string | null>(null);
  const confirmAttempt = useRef<Attempt | null>(null);
  const shortAttempt = useRef<Attempt | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: detailKey });
    void queryClient.invalidateQueries({ queryKey: trpc.picking.mine.queryKey() });
  };
  const start = useMutation(trpc.picking.start.mutationOptions({ onSuccess: refresh }));
  const check = useMutation(trpc.picking.checkScan.mutationOptions());
  const confirm = useMutation(trpc.picking.confirm.mutationOptions());
  const short = useMutation(trpc.picking.short.mutationOptions());

  /** One scan from the queue: the bin while the line waits for it, else the item. */
  async function send(scan: QueuedScan<PickScan>): Promise<ScanVerdict> {
    const list = queryClient.getQueryData<Detail>(detailKey) ?? (await queryClient.fetchQuery(trpc.picking.picklist.queryOptions({ picklistId })));
    if (list.status !== "in_progress") throw new ScanRefused(list.status === "open" ? `Start picklist ${list.number} first.` : `Picklist ${list.number} is ${list.status}: nothing to scan.`);
    const line = list.lines.find((l) => l.status === "pending");
    if (!line) throw new ScanRefused(`Picklist ${list.number} is done: nothing left to scan.`);
    const at = live.current?.lineId === line.id ? live.current : fresh(line.id);
    const code = normalizeCode(scan.code);
    if (at.step === "bin") {
      await check.mutateAsync({ lineId: line.id, kind: "bin", code });
      setProgress({ ...at, step: "item", binCode: code });
      return { tone: "ok", message: `Bin ${code} is right. Now scan the item.` };
    }
    await check.mutateAsync({ lineId: line.id, kind: "item", code });
    setProgress({ ...at, step: "quantity", sku: code, quantity: String(remainingOf(line)) });
    return { tone: "ok", message: `${code} is right. Enter the quantity and confirm.` };
  }
  const scans = useScanQueue<PickScan>(`${userId}:pick:${picklistId}`, send, say);

  if (detail.isPending) {
    return (
      <p role="status" className="rounded-xl border border-slate-200 bg-white px-4 py-10 text-center text-slate-600">
        Loading the picklist…
      </p>
    );
  }
  if (detail.isError) {
    return (
      <div className="space-y-4">
        <Alert tone="error" title="Picklist unavailable">
          {errorInfo(detail.error).message}
        </Alert>
        <BackLink />
      </div>
    );
  }

  const list = detail.data;
  const current = list.lines.find((l) => l.status === "pending") ?? null;
  const total = list.lines.length;
  const done = list.lines.filter(isDone).length;
  const p = current ? (progress?.lineId === current.id ? progress : fresh(current.id)) : null;
  const busy = confirm.isPending || short.isPending;

  /** Applies a confirmed or short line to the cache (the walk moves on at once) and tells the picker what is next. */
  function applyLine(changed: PicklistLine, picklistStatus: string): Detail | undefined {
    const next = queryClient.getQueryData<Detail>(detailKey);
    if (!next) return undefined;
    const updated = withLine(next, changed, picklistStatus);
    queryClient.setQueryData<Detail>(detailKey, updated);
    refresh();
    return updated;
  }

  const nextHint = (updated: Detail | undefined) => {
    const next = updated?.lines.find((l) => l.status === "pending");
    return next ? ` Next: bin ${next.binCode}.` : ` Picklist ${list.number} done.`;
  };

  function onConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!current || !p || busy) return;
    const remaining = remainingOf(current);
    const quantity = Number(p.quantity);
    if (p.quantity.trim() === "" || !Number.isInteger(quantity) || quantity < 1 || quantity > remaining) {
      say("error", `Enter a quantity from 1 to ${remaining}. Found fewer? Report a short pick.`);
      focusField("pick-quantity");
      return;
    }
    const scanId = attemptId(confirmAttempt, `${current.id}:${current.pickedQuantity}:confirm`);
    confirm.mutate(
      { lineId: current.id, scanId, binCode: p.binCode, sku: p.sku, quantity },
      {
        onSuccess: (result) => {
          confirmAttempt.current = null;
          const updated = applyLine(result.line, result.picklistStatus);
          const picked = `Picked ${result.replayed ? "(already recorded) " : ""}${quantity} × ${current.sku}.`;
          if (result.line.status === "pending") {
            const left = result.line.quantity - result.line.pickedQuantity;
            setProgress({ lineId: current.id, step: "item", binCode: p.binCode, sku: "", quantity: "" });
            say("ok", `${picked} ${left} more from bin ${p.binCode}: scan the item.`);
          } else {
            say("ok", picked + nextHint(updated));
          }
        },
        onError: (error) => {
          fail(error);
          focusField("pick-quantity");
        },
      },
    );
  }

  function onShort(found: number, reason: ShortPickReason) {
    if (!current || !p) return;
    const scanId = attemptId(shortAttempt, `${current.id}:${current.pickedQuantity}:short`);
    short.mutate(
      { lineId: current.id, scanId, binCode: p.binCode, found, reason },
      {
        onSuccess: (result) => {
          shortAttempt.current = null;
          setShortFor(null);
          const updated = applyLine(result.line, result.picklistStatus);
          backToScan();
          say("warn", `Short pick reported: ${remainingOf(current) - found} × ${current.sku} missing. Your manager has been told.${nextHint(updated)}`);
        },
        onError: fail,
      },
    );
  }

  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div className="flex items-center justify-between gap-3">
        <BackLink />
        <span className="flex items-center gap-3 text-sm text-slate-500">
          Wave {list.waveNumber}
          <SoundToggle then={backToScan} />
        </span>
      </div>
      <div>
        <h1 className="font-mono text-2xl font-semibold tracking-tight text-slate-900">Picklist {list.number}</h1>
        <div className="mt-2 flex items-center gap-3">
          <Meter done={done} total={total} label="Lines done" className="flex-1" tone={current ? "brand" : "success"} />
          <span className="shrink-0 text-sm font-medium tabular-nums text-slate-700">
            {done} / {total} lines done
          </span>
        </div>
      </div>

      <ScanFeedback feedback={feedback} />
      <ScanQueueStatus state={scans.state} />

      {list.status === "cancelled" ? (
        <Alert tone="error" title={`Picklist ${list.number} was cancelled`}>
          Your manager took it back. Put anything you picked for it back in its bin.
        </Alert>
      ) : list.status === "open" ? (
        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 text-center shadow-sm">
          <p className="text-slate-700">
            {count(total, "line")}, {count(list.units, "unit")} for {count(list.orders, "order")}. Take a cart and start the walk.
          </p>
          {start.isError && <Alert tone="error">{errorInfo(start.error).message}</Alert>}
          <Button size="lg" className="w-full" loading={start.isPending} onClick={() => start.mutate({ picklistId })}>
            Start
          </Button>
        </section>
      ) : !current || !p ? (
        <Finished list={list} />
      ) : (
        <section aria-labelledby="current-line-heading" className="overflow-hidden rounded-2xl border-2 border-brand-600 bg-white shadow-sm">
          <h2 id="current-line-heading" className="sr-only">
            Current line
          </h2>
          <div className="space-y-3 p-4">
            <div className="flex items-start justify-between gap-3">
              <div>
                <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Bin · zone {current.zone}</p>
                <p className={cn("font-mono text-4xl font-bold tracking-tight", p.step === "bin" ? "text-brand-700" : "text-slate-900")}>{current.binCode}</p>
              </div>
              <div className="text-right">
                <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Pick</p>
                <p className="text-4xl font-bold tabular-nums text-slate-900">{remainingOf(current)}</p>
                {current.pickedQuantity > 0 && <p className="text-xs text-slate-500">of {current.quantity}</p>}
              </div>
            </div>
            <div>
              <p className={cn("font-mono text-xl font-semibold", p.step === "item" ? "text-brand-700" : "text-slate-900")}>{current.sku}</p>
              <p className="text-base text-slate-700">{current.productName}</p>
              <p className="mt-1 text-sm text-slate-500">
                For order <span className="font-mono font-medium text-slate-700">{current.orderNumber}</span>
              </p>
            </div>
            <StepTrail step={p.step} />
          </div>

          <div className="border-t border-slate-200 bg-slate-50 p-4">
            {shortFor === current.id ? (
              <ShortPickForm
                remaining={remainingOf(current)}
                sku={current.sku}
                binCode={current.binCode}
                busy={short.isPending}
                onReport={onShort}
                onCancel={() => {
                  setShortFor(null);
                  backToScan();
                }}
              />
            ) : (
              <div className="space-y-4">
                {p.step !== "quantity" && (
                  // One field for bin and item, kept mounted from one to the other: a remount mid-scan cuts the code.
                  <ScanField
                    id={p.step === "bin" ? "scan-bin" : "scan-item"}
                    label={p.step === "bin" ? "Scan bin" : "Scan item"}
                    hint={p.step === "bin" ? `Go to bin ${current.binCode} and scan its label.` : `Scan one ${current.sku}.`}
                    busy={scans.state.waiting > 0}
                    onScan={(code) => scans.enqueue(code, { picklistId })}
                  />
                )}
                {p.step === "quantity" && (
                  <form onSubmit={onConfirm} noValidate className="space-y-3">
                    <div className="space-y-1.5">
                      <Label htmlFor="pick-quantity" className="text-base">
                        Quantity
                      </Label>
                      <Input
                        id="pick-quantity"
                        type="number"
                        inputMode="numeric"
                        min={1}
                        max={remainingOf(current)}
                        step={1}
                        value={p.quantity}
                        onChange={(e) => setProgress({ ...p, quantity: e.target.value })}
                        onFocus={(e) => e.currentTarget.select()}
                        autoFocus
                        enterKeyHint="done"
                        aria-describedby="pick-quantity-hint"
                        className="h-14 text-2xl tabular-nums sm:text-2xl"
                      />
                      <p id="pick-quantity-hint" className="text-sm text-slate-500">
                        Put them in the cart, then press Enter. Up to {remainingOf(current)}.
                      </p>
                    </div>
                    <Button type="submit" size="lg" className="w-full" loading={confirm.isPending}>
                      Confirm pick
                    </Button>
                  </form>
                )}
                <div className="flex items-center justify-between gap-3 border-t border-slate-200 pt-3">
                  <p id="short-pick-hint" className="text-sm text-slate-500">
                    {p.step === "bin" ? "Scan the bin first to report a short pick." : "Fewer in the bin than needed?"}
                  </p>
                  <Button
                    variant="secondary"
                    disabled={p.step === "bin" || busy}
                    aria-describedby="short-pick-hint"
                    onClick={() => setShortFor(current.id)}
                  >
                    Short pick
                  </Button>
                </div>
              </div>
            )}
          </div>
        </section>
      )}

      <ScanLog state={scans.state} />

      <PickLines lines={list.lines} currentId={list.status === "in_progress" ? (current?.id ?? null) : null} />
    </div>
  );
}

function StepTrail({ step }: { step: Step }) {
  const steps: { key: Step; label: string }[] = [
    { key: "bin", label: "Bin" },
    { key: "item", label: "Item" },
    { key: "quantity", label: "Quantity" },
  ];
  const at = steps.findIndex((s) => s.key === step);
  return (
    <ol aria-label="Steps" className="flex gap-2 text-sm">
      {steps.map((s, i) => (
        <li
          key={s.key}
          aria-current={i === at ? "step" : undefined}
          className={cn(
            "flex flex-1 items-center justify-center gap-1 rounded-lg px-2 py-1.5 font-medium",
            i < at ? "bg-emerald-50 text-emerald-800" : i === at ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-500",
          )}
        >
          <span aria-hidden="true">{i < at ? "✓" : i + 1}</span> {s.label}
          {i < at && <span className="sr-only"> (done)</span>}
        </li>
      ))}
    </ol>
  );
}

function Finished({ list }: { list: Detail }) {
  const shortLines = list.lines.filter((l) => l.status === "short").length;
  return (
    <section aria-labelledby="finished-heading" className="space-y-3 rounded-2xl border-2 border-emerald-600 bg-emerald-50 p-5 text-center">
      <span aria-hidden="true" className="mx-auto grid size-12 place-items-center rounded-full bg-emerald-600 text-2xl text-white">
        ✓
      </span>
      <h2 id="finished-heading" className="text-xl font-semibold text-emerald-950">
        Picklist {list.number} done — take the cart to packing
      </h2>
      {shortLines > 0 && (
        <p className="text-sm text-emerald-900">
          {shortLines} {shortLines === 1 ? "line was" : "lines were"} short: your manager decides what happens to {shortLines === 1 ? "it" : "them"}.
        </p>
      )}
      <Link href="/console/pick" className={buttonClasses("primary", "lg", "w-full")}>
        Back to my picklists
      </Link>
    </section>
  );
}

function BackLink() {
  return (
    <Link href="/console/pick" className="text-sm font-medium text-brand-600 hover:text-brand-700 hover:underline">
      ← My picklists
    </Link>
  );
}
