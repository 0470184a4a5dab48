import { newScanId } from "./scan-id";

/**
 * The queue behind every handheld scan field. A keyboard-wedge scanner types a code and Enter in
 * a few milliseconds, faster than any request: each Enter becomes one queued scan, sent one at a
 * time in order, each with its own result. A scan that meets no network stays first in line (in
 * the store, so a reload keeps it) and is sent again with the same scan id, so the server counts
 * it once; a refusal by the server is final and shown for that scan.
 */

export type QueuedScan<C> = { scanId: string; code: string; context: C; seq: number };

/** Where waiting scans survive a reload (IndexedDB on the handheld, memory in tests). */
export interface ScanStore<C> {
  /** The scans still waiting, oldest first. */
  load(): Promise<QueuedScan<C>[]>;
  put(scan: QueuedScan<C>): Promise<void>;
  remove(scanId: string): Promise<void>;
}

export type ScanVerdict = { tone: "ok" | "warn"; message: string };
export type ScanStatus = "waiting" | "sending" | "accepted" | "refused";
export type ScanLine = { scanId: string; code: string; status: ScanStatus; tone?: ScanVerdict["tone"]; message?: string };
export type ScanQueueState = {
  /** Scans not answered yet, the one being sent included. */
  waiting: number;
  /** The last attempt met no network: the waiting scans are tried again later. */
  offline: boolean;
  /** The latest scans, oldest first. */
  lines: readonly ScanLine[];
};

/** Thrown by a sender that refuses a scan itself, without asking the server. */
export class ScanRefused extends Error {}

export type ScanQueueOptions<C> = {
  store: ScanStore<C>;
  /** Applies one scan; resolves with what to tell the person, throws when refused or unreachable. */
  send: (scan: QueuedScan<C>) => Promise<ScanVerdict>;
  /** The error means "no answer" (network, timeout, overload): keep the scan and try again. */
  isTransient: (error: unknown) => boolean;
  /** The message of a refusal. */
  describe: (error: unknown) => string;
  /** Each final answer, in order (feedback, sound). */
  onResult?: (line: ScanLine) => void;
  /** Retry delays after a transient failure: doubling from `first` up to `max`. */
  retryMs?: { first: number; max: number };
  /** How many answered scans the log keeps. */
  keep?: number;
};

export class ScanQueue<C> {
  private items: QueuedScan<C>[] = [];
  private lines: ScanLine[] = [];
  private offline = false;
  private loaded = false;
  private running = false;
  private stopped = false;
  private lastSeq = 0;
  private delay: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private readonly answered = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private state: ScanQueueState = { waiting: 0, offline: false, lines: [] };
  private readonly retry: { first: number; max: number };
  private send: ScanQueueOptions<C>["send"];
  private onResult: ScanQueueOptions<C>["onResult"];

  constructor(private readonly options: ScanQueueOptions<C>) {
    this.retry = options.retryMs ?? { first: 1_000, max: 30_000 };
    this.delay = this.retry.first;
    this.send = options.send;
    this.onResult = options.onResult;
  }

  /** Newer handlers (a screen's, made again on each render): the next scan sent uses them. */
  handleWith(send: ScanQueueOptions<C>["send"], onResult?: ScanQueueOptions<C>["onResult"]): void {
    this.send = send;
    this.onResult = onResult;
  }

  /** Takes back the scans an earlier page left waiting (they go before any new one), then sends. */
  async start(): Promise<void> {
    this.stopped = false;
    const stored = await this.options.store.load().catch(() => []);
    if (this.stopped) return;
    // A second start (React's strict mode) must not bring back what the first one already sent.
    const known = new Set([...this.answered, ...this.items.map((s) => s.scanId)]);
    const restored = stored.filter((s) => !known.has(s.scanId));
    this.items = [...restored, ...this.items];
    this.lines = [...restored.map((s): ScanLine => ({ scanId: s.scanId, code: s.code, status: "waiting" })), ...this.lines];
    this.lastSeq = Math.max(this.lastSeq, ...stored.map((s) => s.seq));
    this.loaded = true;
    this.changed();
    void this.run();
  }

  /** One scan, as typed: stored, queued behind the others, sent when its turn comes. */
  enqueue(code: string, context: C): QueuedScan<C> {
    this.lastSeq = Math.max(Date.now(), this.lastSeq + 1);
    const scan: QueuedScan<C> = { scanId: newScanId(), code, context, seq: this.lastSeq };
    this.items.push(scan);
    this.lines.push({ scanId: scan.scanId, code, status: "waiting" });
    this.write((store) => store.put(scan));
    this.changed();
    void this.run();
    return scan;
  }

  /** The network is back (or someone asked): try the first waiting scan now. */
  retryNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.delay = this.retry.first;
    void this.run();
  }

  /** Stops sending (the page is leaving); what waits stays in the store. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Resolves when every queued write has reached the store. */
  flushed(): Promise<void> {
    return this.writes.then(() => undefined);
  }

  getState = (): ScanQueueState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private async run(): Promise<void> {
    if (this.running || !this.loaded || this.stopped || this.timer !== undefined) return;
    this.running = true;
    try {
      while (this.items.length > 0 && !this.stopped) {
        const scan = this.items[0]!;
        this.update(scan.scanId, { status: "sending" });
        let line: ScanLine;
        try {
          const verdict = await this.send(scan);
          line = { scanId: scan.scanId, code: scan.code, status: "accepted", tone: verdict.tone, message: verdict.message };
        } catch (error) {
          if (this.options.isTransient(error)) {
            this.update(scan.scanId, { status: "waiting" });
            this.offline = true;
            this.changed();
            this.schedule();
            return;
          }
          line = { scanId: scan.scanId, code: scan.code, status: "refused", message: this.options.describe(error) };
        }
        this.items.shift();
        this.answered.add(scan.scanId);
        this.write((store) => store.remove(scan.scanId));
        this.offline = false;
        this.delay = this.retry.first;
        this.update(scan.scanId, line);
        this.onResult?.(line);
      }
    } finally {
      this.running = false;
    }
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, this.retry.max);
  }

  /** Store writes go one after another, in the order the queue made them; a failing store only costs the reload-safety. */
  private write(op: (store: ScanStore<C>) => Promise<void>) {
    this.writes = this.writes.then(() => op(this.options.store)).catch(() => undefined);
  }

  private update(scanId: string, patch: Partial<ScanLine>) {
    this.lines = this.lines.map((l) => (l.scanId === scanId ? { ...l, ...patch } : l));
    this.changed();
  }

  private changed() {
    const answered = this.lines.filter((l) => l.status === "accepted" || l.status === "refused");
    const extra = answered.length - (this.options.keep ?? 30);
    if (extra > 0) {
      const gone = new Set(answered.slice(0, extra).map((l) => l.scanId));
      this.lines = this.lines.filter((l) => !gone.has(l.scanId));
    }
    this.state = { waiting: this.items.length, offline: this.offline, lines: this.lines };
    for (const listener of this.listeners) listener();
  }
}

/** Scans kept in memory only (tests, and browsers without IndexedDB). */
export function memoryScanStore<C>(initial: QueuedScan<C>[] = []): ScanStore<C> & { scans: Map<string, QueuedScan<C>> } {
  const scans = new Map(initial.map((s) => [s.scanId, s]));
  return {
    scans,
    load: async () => [...scans.values()].sort((a, b) => a.seq - b.seq),
    put: async (scan) => void scans.set(scan.scanId, scan),
    remove: async (scanId) => void scans.delete(scanId),
  };
}
