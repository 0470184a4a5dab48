import { createStore, del, set, values, type UseStore } from "idb-keyval";
import { memoryScanStore, type QueuedScan, type ScanStore } from "./scan-queue";

type StoredScan<C> = QueuedScan<C> & { queue: string };

let database: UseStore | undefined;
/** Opened on first use: never on the server, and only once per page. */
const scansDb = () => (database ??= createStore("depot-handheld", "scans"));

/**
 * The waiting scans of one queue (a user's pack station, one picklist, the dock) in the
 * handheld's IndexedDB, so an aisle without Wi-Fi and a reload lose none. Without IndexedDB
 * (private mode on some browsers) they wait in memory.
 */
export function indexedDbScanStore<C>(queue: string): ScanStore<C> {
  if (typeof indexedDB === "undefined") return memoryScanStore<C>();
  return {
    async load() {
      const all = await values<StoredScan<C>>(scansDb());
      return all
        .filter((s) => s.queue === queue)
        .sort((a, b) => a.seq - b.seq)
        .map(({ queue: _queue, ...scan }) => scan);
    },
    put: (scan) => set(scan.scanId, { ...scan, queue } satisfies StoredScan<C>, scansDb()),
    remove: (scanId) => del(scanId, scansDb()),
  };
}
