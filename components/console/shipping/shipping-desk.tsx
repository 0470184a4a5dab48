"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ScanFeedback, useFeedback } from "@/components/console/handheld/feedback";
import { backToScan, ScanField } from "@/components/console/handheld/scan-field";
import { ScanLog, ScanQueueStatus, SoundToggle } from "@/components/console/handheld/scan-log";
import type { QueuedScan, ScanVerdict } from "@/components/console/handheld/scan-queue";
import { useScanQueue } from "@/components/console/handheld/use-scan-queue";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import type { ManualQueueRow, ShippedRow, SimulatedTrackingType } from "@/server/shipping";
import { ManualQueue, type TrackingEntry } from "./manual-queue";
import { ReadyToShip } from "./ready-to-ship";
import { RecentlyShipped } from "./recently-shipped";

const REFRESH_MS = 15_000;

/**
 * The shipping desk on a handheld or a dock PC: scan a parcel's label to hand it to the carrier,
 * work the manual queue (retry, or type in a tracking number), and follow what shipped.
 */
export function ShippingDesk({ userId, carrierCode, showWarehouse, canSimulate }: { userId: string; carrierCode: string; showWarehouse: boolean; canSimulate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { feedback, say, fail } = useFeedback();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [entryError, setEntryError] = useState<{ shipmentId: string; message: string } | null>(null);

  const manual = useQuery({ ...trpc.shipping.manualQueue.queryOptions(), refetchInterval: REFRESH_MS });
  const ready = useQuery({ ...trpc.shipping.readyToShip.queryOptions(), refetchInterval: REFRESH_MS });
  const shipped = useQuery({ ...trpc.shipping.recentlyShipped.queryOptions(), refetchInterval: REFRESH_MS });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.shipping.manualQueue.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.shipping.readyToShip.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.shipping.recentlyShipped.queryKey() }),
    ]);

  const ship = useMutation(trpc.shipping.ship.mutationOptions());
  const retry = useMutation(trpc.shipping.retryLabel.mutationOptions());
  const enter = useMutation(trpc.shipping.enterTracking.mutationOptions());
  const simulate = useMutation(trpc.shipping.simulateTracking.mutationOptions());
  /** After an action, back to the scan field (unless a typed tracking number was refused: its field shows why). */
  const settle = (refocus = true) => {
    setBusyId(null);
    void refresh();
    if (refocus) backToScan();
  };

  /** A hand-over answered: what to tell the person (shipping twice changes nothing, so a replayed scan is safe). */
  function handedOver(result: Awaited<ReturnType<typeof ship.mutateAsync>>): ScanVerdict {
    if (result.alreadyShipped) return { tone: "warn", message: `Order ${result.orderNumber} already went out (tracking ${result.trackingNumber}). Nothing changed.` };
    const order = result.orderStatus === "partially_shipped" ? " Its other parcels ship from other warehouses." : "";
    return { tone: "ok", message: `Order ${result.orderNumber} handed to the carrier (tracking ${result.trackingNumber}).${order}` };
  }

  const scans = useScanQueue<Record<string, never>>(
    `${userId}:ship`,
    async (scan: QueuedScan<Record<string, never>>) => {
      const verdict = handedOver(await ship.mutateAsync({ trackingNumber: scan.code }));
      void refresh();
      return verdict;
    },
    say,
  );

  function onShip(row: { fulfillmentId: string; shipmentId: string }) {
    setBusyId(row.shipmentId);
    ship.mutate(
      { fulfillmentId: row.fulfillmentId },
      {
        onSuccess: (result) => {
          const verdict = handedOver(result);
          say(verdict.tone, verdict.message);
        },
        onError: fail,
        onSettled: () => settle(),
      },
    );
  }

  function onRetry(row: ManualQueueRow) {
    setBusyId(row.shipmentId);
    retry.mutate(
      { shipmentId: row.shipmentId },
      {
        onSuccess: (result) => {
          if (result.status === "labelled") say("ok", `Order ${row.orderNumber} has its label: tracking ${result.shipment.trackingNumber}. Print it from Ready to ship.`);
          else if (result.status === "manual") say("warn", `The carrier still can't label order ${row.orderNumber}: ${result.error ?? "try again later"}`);
          else if (result.status === "busy") say("warn", `Order ${row.orderNumber}: ${result.error}`);
          else say("ok", `Order ${row.orderNumber} needed nothing more.`);
        },
        onError: fail,
        onSettled: () => settle(),
      },
    );
  }

  function onEnter(row: ManualQueueRow, entry: TrackingEntry) {
    setBusyId(row.shipmentId);
    setEntryError(null);
    enter.mutate(entry, {
      onSuccess: (result) => say("ok", `Order ${row.orderNumber} is ready to ship with ${result.carrier} tracking ${result.trackingNumber}.`),
      onError: (error) => {
        setEntryError({ shipmentId: row.shipmentId, message: errorInfo(error).message });
        fail(error);
      },
      onSettled: (_data, error) => settle(!error),
    });
  }

  function onSimulate(row: ShippedRow, type: SimulatedTrackingType) {
    setBusyId(row.shipmentId);
    simulate.mutate(
      { shipmentId: row.shipmentId, type },
      {
        onSuccess: (result) =>
          result.delivered
            ? say("ok", `The sandbox carrier reported order ${row.orderNumber} ${type === "delivered" ? "delivered" : "in transit"}.`)
            : say("error", `Depot's carrier webhook answered ${result.status}.`),
        onError: fail,
        onSettled: () => settle(),
      },
    );
  }

  const loadError = manual.error ?? ready.error ?? shipped.error;

  return (
    <div className="space-y-6">
      {loadError && (
        <Alert tone="error" title="Shipping lists unavailable">
          {errorInfo(loadError).message}
        </Alert>
      )}
      <div className="space-y-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <div className="flex justify-end">
          <SoundToggle then={backToScan} />
        </div>
        <ScanField
          id="ship-scan"
          label="Scan a parcel to hand it to the carrier"
          hint="Scan the barcode on the label (or type the tracking number and press Enter)."
          placeholder="Tracking number"
          busy={scans.state.waiting > 0}
          onScan={(code) => scans.enqueue(code, {})}
        />
        <ScanQueueStatus state={scans.state} />
        <ScanFeedback feedback={feedback} />
        <ScanLog state={scans.state} />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <ReadyToShip rows={ready.data} showWarehouse={showWarehouse} busyId={busyId} onShip={onShip} />
        <ManualQueue
          rows={manual.data}
          carrierCode={carrierCode}
          showWarehouse={showWarehouse}
          busyId={busyId}
          entryError={entryError}
          onRetry={onRetry}
          onEnter={onEnter}
        />
      </div>

      <RecentlyShipped rows={shipped.data} showWarehouse={showWarehouse} simulate={canSimulate} busyId={busyId} onSimulate={onSimulate} />
    </div>
  );
}
