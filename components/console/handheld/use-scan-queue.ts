"use client";

import { TRPCClientError } from "@trpc/client";
import { useEffect, useState, useSyncExternalStore } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import type { FeedbackTone } from "./feedback";
import { ScanQueue, ScanRefused, type QueuedScan, type ScanLine, type ScanQueueState, type ScanVerdict } from "./scan-queue";
import { indexedDbScanStore } from "./scan-store";

/**
 * No answer from Depot, so worth sending again: the device is offline, the request never got a
 * tRPC answer (dropped connection, timeout), a proxy's 502–504, or the rate limit.
 */
export function noAnswer(error: unknown): boolean {
  if (error instanceof ScanRefused) return false;
  if (typeof navigator !== "undefined" && navigator.onLine === false) return true;
  if (!(error instanceof TRPCClientError)) return false;
  const status = (error.data as { httpStatus?: number } | null | undefined)?.httpStatus;
  return status === undefined || status === 429 || status === 502 || status === 503 || status === 504;
}

const idle: ScanQueueState = { waiting: 0, offline: false, lines: [] };

/**
 * A scan queue for one screen, persisted under `name` (give each user and screen its own).
 * `send` is read at the time each scan is sent, so it sees what the scans before it changed;
 * each answer goes to `say` (the feedback banner, its sound and buzz), a refusal as an error.
 */
export function useScanQueue<C>(name: string, send: (scan: QueuedScan<C>) => Promise<ScanVerdict>, say: (tone: FeedbackTone, message: string) => void) {
  const onResult = (line: ScanLine) => say(line.status === "refused" ? "error" : (line.tone ?? "ok"), line.message ?? "");
  const [queue] = useState(
    () =>
      new ScanQueue<C>({
        store: indexedDbScanStore<C>(name),
        send,
        isTransient: noAnswer,
        describe: (error) => (error instanceof ScanRefused ? error.message : errorInfo(error).message),
        onResult,
      }),
  );
  useEffect(() => queue.handleWith(send, onResult));
  useEffect(() => {
    void queue.start();
    const online = () => queue.retryNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      queue.stop();
    };
  }, [queue]);
  const state = useSyncExternalStore(queue.subscribe, queue.getState, () => idle);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  return { state: { ...state, offline: state.offline || !online }, enqueue: (code: string, context: C) => queue.enqueue(code, context) };
}

function subscribeOnline(listener: () => void) {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}
