"use client";

import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { FulfillmentStatusBadge } from "@/components/console/fulfillment-status";
import { ScanFeedback, useFeedback } from "@/components/console/handheld/feedback";
import { backToScan, focusField, normalizeCode, ScanField } from "@/components/console/handheld/scan-field";
import { ScanLog, ScanQueueStatus, SoundToggle } from "@/components/console/handheld/scan-log";
import type { QueuedScan, ScanVerdict } from "@/components/console/handheld/scan-queue";
import { useScanQueue } from "@/components/console/handheld/use-scan-queue";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { PackView } from "@/server/fulfillment";
import { CloseBox } from "./close-box";
import { PackItems } from "./pack-items";
import { PackQueue } from "./pack-queue";
import { labelHref, PackResult, type ClosedBox } from "./pack-result";
import { QcCheck } from "./qc-check";

const units = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/** The order open when the scan was made: after a reload, a waiting item scan still knows its box. */
type PackScan = { fulfillmentId: string | null };

/**
 * The pack station: scan the order on the tote (or tap it in the queue), scan every item into
 * the box, pass the QC gate where needed, weigh, close and print the label. Scans go through the
 * scan queue: each is read as an order or an item by what the scans before it left open.
 */
export function PackStation({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fulfillmentId, setFulfillmentId] = useState<string | null>(null);
  /** The open order as the scans sent so far left it (React state lags behind a fast wedge). */
  const live = useRef<string | null>(null);
  const [closed, setClosed] = useState<ClosedBox | null>(null);
  const { feedback, say, fail } = useFeedback();

  const queue = useQuery({ ...trpc.packing.queue.queryOptions(), refetchInterval: 15_000 });
  const view = useQuery({ ...trpc.packing.view.queryOptions(fulfillmentId ? { fulfillmentId } : skipToken), refetchOnWindowFocus: false });
  const viewKey = (id: string) => trpc.packing.view.queryKey({ fulfillmentId: id });
  const refreshQueue = () => void queryClient.invalidateQueries({ queryKey: trpc.packing.queue.queryKey() });

  const open = useMutation(trpc.packing.open.mutationOptions());
  const scanItem = useMutation(trpc.packing.scan.mutationOptions());
  const qc = useMutation(trpc.packing.qc.mutationOptions());
  const close = useMutation(trpc.packing.close.mutationOptions());

  const show = (id: string | null) => {
    live.current = id;
    setFulfillmentId(id);
  };

  async function openOrder(code: string): Promise<ScanVerdict> {
    const id = await open.mutateAsync({ code });
    // Loaded before the next scan is read, so it counts as an item of this order.
    await queryClient.fetchQuery({ ...trpc.packing.view.queryOptions({ fulfillmentId: id }), staleTime: 0 });
    setClosed(null);
    show(id);
    refreshQueue();
    return { tone: "ok", message: `Order ${normalizeCode(code)} is open. Scan every item into the box.` };
  }

  async function scanIntoBox(pack: PackView, scan: QueuedScan<PackScan>): Promise<ScanVerdict> {
    const key = viewKey(pack.fulfillmentId);
    try {
      const item = await scanItem.mutateAsync({ fulfillmentId: pack.fulfillmentId, code: scan.code, scanId: scan.scanId });
      if (live.current !== pack.fulfillmentId) show(pack.fulfillmentId);
      const before = queryClient.getQueryData(key) ?? pack;
      const after = { ...before, items: before.items.map((i) => (i.id === item.id ? { ...i, packed: item.packed } : i)) };
      queryClient.setQueryData(key, after);
      const left = after.items.reduce((n, i) => n + Math.max(0, i.quantity - i.packed), 0);
      const next = left > 0 ? `${units(left)} to go.` : needsQc(after) ? "All items in: do the quality check." : "All items in: weigh the parcel.";
      return { tone: "ok", message: `${item.sku}: ${item.packed} of ${item.quantity} packed${item.replayed ? " (counted once)" : ""}. ${next}` };
    } catch (error) {
      if (errorInfo(error).reason === "not_packing") void queryClient.invalidateQueries({ queryKey: key });
      throw error;
    }
  }

  /** One scan from the queue: an item while an order is being packed, otherwise an order to open. */
  async function send(scan: QueuedScan<PackScan>): Promise<ScanVerdict> {
    const id = live.current ?? scan.context.fulfillmentId;
    const pack = id ? (queryClient.getQueryData(viewKey(id)) ?? (await queryClient.fetchQuery(trpc.packing.view.queryOptions({ fulfillmentId: id })))) : undefined;
    return pack?.status === "packing" ? scanIntoBox(pack, scan) : openOrder(scan.code);
  }

  const scans = useScanQueue<PackScan>(`${userId}:pack`, send, say);

  function onTap(code: string) {
    openOrder(code).then((v) => say(v.tone, v.message), fail);
    backToScan();
  }

  function onQc(pack: PackView, result: "pass" | "fail", notes: string) {
    qc.mutate(
      { fulfillmentId: pack.fulfillmentId, result, notes },
      {
        onSuccess: () => {
          if (result === "fail") queryClient.setQueryData(viewKey(pack.fulfillmentId), { ...pack, status: "pack_failed" as const });
          void queryClient.invalidateQueries({ queryKey: viewKey(pack.fulfillmentId) });
          refreshQueue();
          if (result === "pass") say("ok", "QC passed. Choose the box and weigh the parcel.");
          else say("warn", `QC failed: the pack of ${pack.orderNumber} is stopped. Fix the problem, then scan order ${pack.orderNumber} again to repack it.`);
        },
        onError: fail,
      },
    );
  }

  function onClose(pack: PackView, boxCode: string, weightGrams: number) {
    close.mutate(
      { fulfillmentId: pack.fulfillmentId, boxCode, weightGrams, expectedVersion: pack.version },
      {
        onSuccess: (result) => {
          setClosed({ ...result, orderNumber: pack.orderNumber });
          show(null);
          queryClient.removeQueries({ queryKey: viewKey(pack.fulfillmentId) });
          refreshQueue();
          if (result.label === "manual") say("warn", `Order ${pack.orderNumber} is packed. The label waits in the manual queue.`);
          else say("ok", `Order ${pack.orderNumber} packed${result.trackingNumber ? `: tracking ${result.trackingNumber}` : ""}. Print the label, then scan the next order.`);
        },
        onError: (error) => {
          fail(error);
          if (errorInfo(error).reason === "stale_fulfillment") void queryClient.invalidateQueries({ queryKey: viewKey(pack.fulfillmentId) });
          focusField("pack-weight");
        },
      },
    );
  }

  const pack = fulfillmentId ? view.data : undefined;
  const packing = pack?.status === "packing";
  const left = pack ? pack.items.reduce((n, i) => n + Math.max(0, i.quantity - i.packed), 0) : 0;
  // One field for orders and items, kept mounted from one to the other (a remount mid-scan cuts the code).
  const scanStep = !packing ? "order" : left > 0 ? "item" : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="min-w-0 space-y-4">
        <ScanFeedback feedback={feedback} />

        {closed && <PackResult closed={closed} />}

        {scanStep && (
          <div className={scanStep === "item" ? "rounded-xl border-2 border-brand-600 bg-white p-4 shadow-sm" : "rounded-xl border border-slate-200 bg-white p-4 shadow-sm"}>
            <ScanField
              id={scanStep === "item" ? "scan-item" : "scan-order"}
              label={scanStep === "item" ? "Scan item" : "Scan order"}
              hint={
                scanStep === "item"
                  ? `${units(left)} still to scan.`
                  : pack?.status === "pack_failed"
                    ? `Scan order ${pack.orderNumber} again to repack it.`
                    : "Scan the order number on the tote, or tap an order in the list."
              }
              busy={scans.state.waiting > 0}
              onScan={(code) => scans.enqueue(code, { fulfillmentId: live.current })}
            />
          </div>
        )}
        <ScanQueueStatus state={scans.state} />

        {fulfillmentId && view.isError && (
          <Alert tone="error" title="Order unavailable">
            {errorInfo(view.error).message}
          </Alert>
        )}
        {fulfillmentId && view.isPending && (
          <p role="status" className="rounded-xl border border-slate-200 bg-white px-4 py-8 text-center text-slate-600">
            Opening the order…
          </p>
        )}

        {pack && (
          <PackPanel
            pack={pack}
            qcBusy={qc.isPending ? (qc.variables?.result ?? null) : null}
            closing={close.isPending}
            onQc={(result, notes) => onQc(pack, result, notes)}
            onClose={(box, grams) => onClose(pack, box, grams)}
            onLeave={() => {
              show(null);
              say("ok", `Order ${pack.orderNumber} put aside: it stays in the queue.`);
              backToScan();
            }}
          />
        )}

        <ScanLog state={scans.state} />
      </div>

      <aside className="min-w-0 space-y-4">
        <div className="flex justify-end">
          <SoundToggle then={backToScan} />
        </div>
        {queue.isError ? (
          <Alert tone="error" title="Queue unavailable">
            {errorInfo(queue.error).message}
          </Alert>
        ) : (
          <PackQueue entries={queue.data} openId={packing ? fulfillmentId : null} busy={open.isPending} onOpen={onTap} />
        )}
      </aside>
    </div>
  );
}

const needsQc = (pack: PackView) => pack.requiresQc && pack.lastQc?.result !== "pass";

function PackPanel({
  pack,
  qcBusy,
  closing,
  onQc,
  onClose,
  onLeave,
}: {
  pack: PackView;
  qcBusy: "pass" | "fail" | null;
  closing: boolean;
  onQc: (result: "pass" | "fail", notes: string) => void;
  onClose: (boxCode: string, weightGrams: number) => void;
  onLeave: () => void;
}) {
  const total = pack.items.reduce((n, i) => n + i.quantity, 0);
  const packed = pack.items.reduce((n, i) => n + Math.min(i.packed, i.quantity), 0);
  const allIn = packed >= total;
  const packing = pack.status === "packing";

  return (
    <section aria-labelledby="pack-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="pack-heading" className="font-mono text-2xl font-semibold tracking-tight text-slate-900">
            Order {pack.orderNumber}
          </h2>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <FulfillmentStatusBadge status={pack.status} />
            <span>
              {packed} of {units(total)} packed
            </span>
            {pack.packAttempts > 1 && <span>· pack attempt {pack.packAttempts}</span>}
          </p>
        </div>
        {packing && (
          <Button variant="ghost" size="sm" onClick={onLeave}>
            Put aside
          </Button>
        )}
      </div>

      {pack.status === "pack_failed" && (
        <Alert tone="error" title="Packing stopped">
          <p>{pack.attention ?? (pack.lastQc?.result === "fail" ? `QC failed: ${pack.lastQc.notes}` : "This pack failed.")}</p>
          <p className="mt-1 font-medium">Fix the problem, then scan order {pack.orderNumber} again to repack it: every item is scanned again.</p>
        </Alert>
      )}
      {packing && pack.attention && <Alert tone="info">{pack.attention}</Alert>}
      {!packing && pack.status !== "pack_failed" && (
        <Alert tone={pack.shipmentId ? "success" : "info"} title={pack.shipmentId ? "Already packed" : "Not being packed"}>
          {pack.shipmentId ? (
            <a href={labelHref(pack.shipmentId)} target="_blank" rel="noopener noreferrer" onClick={backToScan} className="font-medium underline">
              Print label
            </a>
          ) : (
            "Scan the order to start packing it."
          )}
        </Alert>
      )}

      {packing && allIn && needsQc(pack) && <QcCheck key={`qc-${pack.fulfillmentId}-${pack.packAttempts}`} busy={qcBusy} onResult={onQc} />}
      {packing && allIn && !needsQc(pack) && (
        <>
          {pack.requiresQc && <Alert tone="success">QC passed{pack.lastQc?.notes ? `: ${pack.lastQc.notes}` : "."}</Alert>}
          <CloseBox key={`box-${pack.fulfillmentId}-${pack.version}`} contentsGrams={pack.contentsGrams} suggestedBox={pack.suggestedBox.code} busy={closing} onClose={onClose} />
        </>
      )}

      <PackItems items={pack.items} />
    </section>
  );
}
