"use client";

import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FulfillmentStatusBadge } from "@/components/console/fulfillment-status";
import { ScanFeedback, useFeedback } from "@/components/console/handheld/feedback";
import { focusField, ScanField } from "@/components/console/handheld/scan-field";
import { errorInfo } from "@/components/shop/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { PackItem, PackView } from "@/server/fulfillment/packing";
import { CloseBox } from "./close-box";
import { PackItems } from "./pack-items";
import { PackQueue } from "./pack-queue";
import { labelHref, PackResult, type ClosedBox } from "./pack-result";
import { QcCheck } from "./qc-check";

const units = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/**
 * The pack station: scan the order on the tote (or tap it in the queue), scan every item into
 * the box, pass the QC gate where needed, weigh, close and print the label.
 */
export function PackStation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fulfillmentId, setFulfillmentId] = useState<string | null>(null);
  const [closed, setClosed] = useState<ClosedBox | null>(null);
  const { feedback, say, fail } = useFeedback();

  const queue = useQuery({ ...trpc.packing.queue.queryOptions(), refetchInterval: 15_000 });
  const view = useQuery({ ...trpc.packing.view.queryOptions(fulfillmentId ? { fulfillmentId } : skipToken), refetchOnWindowFocus: false });
  const viewKey = (id: string) => trpc.packing.view.queryKey({ fulfillmentId: id });
  const refreshQueue = () => void queryClient.invalidateQueries({ queryKey: trpc.packing.queue.queryKey() });

  const open = useMutation(trpc.packing.open.mutationOptions());
  const scan = useMutation(trpc.packing.scan.mutationOptions());
  const qc = useMutation(trpc.packing.qc.mutationOptions());
  const close = useMutation(trpc.packing.close.mutationOptions());

  function onOpen(code: string) {
    open.mutate(
      { code },
      {
        onSuccess: (id) => {
          setClosed(null);
          setFulfillmentId(id);
          void queryClient.invalidateQueries({ queryKey: viewKey(id) });
          refreshQueue();
          say("ok", `Order ${code.trim().toUpperCase()} is open. Scan every item into the box.`);
        },
        onError: fail,
      },
    );
  }

  function onItem(pack: PackView, code: string) {
    scan.mutate(
      { fulfillmentId: pack.fulfillmentId, code },
      {
        onSuccess: (item: PackItem) => {
          const key = viewKey(pack.fulfillmentId);
          const before = queryClient.getQueryData(key) ?? pack;
          const after = { ...before, items: before.items.map((i) => (i.id === item.id ? { ...i, packed: item.packed } : i)) };
          queryClient.setQueryData(key, after);
          const left = after.items.reduce((n, i) => n + Math.max(0, i.quantity - i.packed), 0);
          const next = left > 0 ? `${units(left)} to go.` : needsQc(after) ? "All items in: do the quality check." : "All items in: weigh the parcel.";
          say("ok", `${item.sku}: ${item.packed} of ${item.quantity} packed. ${next}`);
        },
        onError: (error) => {
          fail(error);
          if (errorInfo(error).reason === "not_packing") void queryClient.invalidateQueries({ queryKey: viewKey(pack.fulfillmentId) });
        },
      },
    );
  }

  function onQc(pack: PackView, result: "pass" | "fail", notes: string) {
    qc.mutate(
      { fulfillmentId: pack.fulfillmentId, result, notes },
      {
        onSuccess: () => {
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
          setFulfillmentId(null);
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

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="min-w-0 space-y-4">
        <ScanFeedback feedback={feedback} />

        {closed && <PackResult closed={closed} />}

        {!packing && !(fulfillmentId && view.isPending) && (
          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <ScanField
              key={`order-${closed?.shipmentId ?? ""}-${pack?.status ?? "none"}`}
              id="scan-order"
              label="Scan order"
              hint={pack?.status === "pack_failed" ? `Scan order ${pack.orderNumber} again to repack it.` : "Scan the order number on the tote, or tap an order in the list."}
              busy={open.isPending}
              onScan={onOpen}
            />
          </div>
        )}

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
            scanning={scan.isPending}
            qcBusy={qc.isPending ? (qc.variables?.result ?? null) : null}
            closing={close.isPending}
            onItem={(code) => onItem(pack, code)}
            onQc={(result, notes) => onQc(pack, result, notes)}
            onClose={(box, grams) => onClose(pack, box, grams)}
            onLeave={() => {
              setFulfillmentId(null);
              say("ok", `Order ${pack.orderNumber} put aside: it stays in the queue.`);
            }}
          />
        )}

      </div>

      <aside className="min-w-0">
        {queue.isError ? (
          <Alert tone="error" title="Queue unavailable">
            {errorInfo(queue.error).message}
          </Alert>
        ) : (
          <PackQueue entries={queue.data} openId={packing ? fulfillmentId : null} busy={open.isPending} onOpen={onOpen} />
        )}
      </aside>
    </div>
  );
}

const needsQc = (pack: PackView) => pack.requiresQc && pack.lastQc?.result !== "pass";

function PackPanel({
  pack,
  scanning,
  qcBusy,
  closing,
  onItem,
  onQc,
  onClose,
  onLeave,
}: {
  pack: PackView;
  scanning: boolean;
  qcBusy: "pass" | "fail" | null;
  closing: boolean;
  onItem: (code: string) => void;
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
            <a href={labelHref(pack.shipmentId)} target="_blank" rel="noopener noreferrer" className="font-medium underline">
              Print label
            </a>
          ) : (
            "Scan the order to start packing it."
          )}
        </Alert>
      )}

      {packing && !allIn && (
        <div className="rounded-xl border-2 border-brand-600 bg-white p-4 shadow-sm">
          <ScanField key={`item-${pack.fulfillmentId}-${pack.packAttempts}`} id="scan-item" label="Scan item" hint={`${units(total - packed)} still to scan.`} busy={scanning} onScan={onItem} />
        </div>
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
