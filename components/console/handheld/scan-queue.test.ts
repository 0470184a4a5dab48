import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryScanStore, ScanQueue, ScanRefused, type QueuedScan, type ScanLine, type ScanStore } from "./scan-queue";
import { indexedDbScanStore } from "./scan-store";

class Offline extends Error {}

type Ctx = { station: string };

/** A fake server: answers each scan when told to, records what reached it, in order. */
function fakeServer() {
  const received: QueuedScan<Ctx>[] = [];
  const pending: { scan: QueuedScan<Ctx>; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let down = false;
  const send = (scan: QueuedScan<Ctx>) => {
    if (down) return Promise.reject(new Offline("Failed to fetch"));
    received.push(scan);
    return new Promise<{ tone: "ok"; message: string }>((resolve, reject) => {
      pending.push({ scan, resolve: () => resolve({ tone: "ok", message: `${scan.code} counted` }), reject });
    });
  };
  return {
    received,
    pending,
    send,
    setDown: (value: boolean) => void (down = value),
    /** Answers every request in flight, and those they lead to, until none is left. */
    async drain() {
      for (let i = 0; i < 100; i++) {
        await vi.advanceTimersByTimeAsync(0);
        const next = pending.shift();
        if (!next) return;
        if (next.scan.code.startsWith("BAD")) next.reject(new ScanRefused(`${next.scan.code} is not in this order`));
        else next.resolve();
      }
    },
  };
}

function queueWith(server: ReturnType<typeof fakeServer>, store: ScanStore<Ctx> = memoryScanStore(), results: ScanLine[] = []) {
  return new ScanQueue<Ctx>({
    store,
    send: server.send,
    isTransient: (e) => e instanceof Offline,
    describe: (e) => (e instanceof Error ? e.message : "refused"),
    onResult: (line) => results.push(line),
    retryMs: { first: 1_000, max: 8_000 },
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("scan queue (issue 12 item 6)", () => {
  it("takes every scan typed while a request is in flight, sends them one at a time in order, and answers each", async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    const results: ScanLine[] = [];
    const queue = queueWith(server, memoryScanStore(), results);
    await queue.start();

    for (const code of ["KIT-SKILLET-CI-10", "KIT-SKILLET-CI-10", "HOM-GLASS-4PK"]) queue.enqueue(code, { station: "pack" });
    await vi.advanceTimersByTimeAsync(0);
    // One request at a time: the second waits for the first answer.
    expect(server.received.map((s) => s.code)).toEqual(["KIT-SKILLET-CI-10"]);
    expect(queue.getState()).toMatchObject({ waiting: 3, offline: false });

    await server.drain();
    expect(server.received.map((s) => s.code)).toEqual(["KIT-SKILLET-CI-10", "KIT-SKILLET-CI-10", "HOM-GLASS-4PK"]);
    expect(new Set(server.received.map((s) => s.scanId)).size).toBe(3);
    expect(results.map((r) => [r.code, r.status, r.message])).toEqual([
      ["KIT-SKILLET-CI-10", "accepted", "KIT-SKILLET-CI-10 counted"],
      ["KIT-SKILLET-CI-10", "accepted", "KIT-SKILLET-CI-10 counted"],
      ["HOM-GLASS-4PK", "accepted", "HOM-GLASS-4PK counted"],
    ]);
    expect(queue.getState().waiting).toBe(0);
  });

  it("shows a refusal for its own scan and goes on with the next, never retrying it", async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    const queue = queueWith(server);
    await queue.start();
    queue.enqueue("BAD-1", { station: "pack" });
    queue.enqueue("GOOD-2", { station: "pack" });
    await server.drain();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.received.map((s) => s.code)).toEqual(["BAD-1", "GOOD-2"]);
    expect(queue.getState().lines.map((l) => [l.code, l.status, l.message])).toEqual([
      ["BAD-1", "refused", "BAD-1 is not in this order"],
      ["GOOD-2", "accepted", "GOOD-2 counted"],
    ]);
  });

  it("keeps scans that meet no network, says it is offline, and replays them in order with the same scan ids (backoff, or at once when online)", async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    const store = memoryScanStore<Ctx>();
    const queue = queueWith(server, store);
    await queue.start();

    server.setDown(true);
    const first = queue.enqueue("ITEM-1", { station: "pack" });
    queue.enqueue("ITEM-2", { station: "pack" });
    queue.enqueue("BAD-3", { station: "pack" });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.getState()).toMatchObject({ waiting: 3, offline: true });
    await queue.flushed();
    expect([...store.scans.values()].map((s) => s.code)).toEqual(["ITEM-1", "ITEM-2", "BAD-3"]);

    // Still down: retried after 1 s, then 2 s, then 4 s, nothing reaches the server.
    await vi.advanceTimersByTimeAsync(7_000);
    expect(server.received).toHaveLength(0);

    server.setDown(false);
    queue.retryNow();
    await server.drain();
    expect(server.received.map((s) => [s.code, s.scanId === first.scanId])).toEqual([
      ["ITEM-1", true],
      ["ITEM-2", false],
      ["BAD-3", false],
    ]);
    expect(queue.getState()).toMatchObject({ waiting: 0, offline: false });
    expect(queue.getState().lines.find((l) => l.code === "BAD-3")).toMatchObject({ status: "refused", message: "BAD-3 is not in this order" });
    await queue.flushed();
    expect(store.scans.size).toBe(0);
  });

  it("retries by itself on a timer once the network is back", async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    const queue = queueWith(server);
    await queue.start();
    server.setDown(true);
    queue.enqueue("ITEM-1", { station: "pack" });
    await vi.advanceTimersByTimeAsync(0);
    server.setDown(false);
    await vi.advanceTimersByTimeAsync(999);
    expect(server.received).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.received.map((s) => s.code)).toEqual(["ITEM-1"]);
  });

  it("after a reload, sends the scans left waiting first, in their order, before new ones", async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    const store = memoryScanStore<Ctx>();
    const before = queueWith(server, store);
    await before.start();
    server.setDown(true);
    const left = ["ITEM-1", "ITEM-2"].map((code) => before.enqueue(code, { station: "pack" }));
    await vi.advanceTimersByTimeAsync(0);
    await before.flushed();
    before.stop();

    server.setDown(false);
    const after = queueWith(server, store);
    after.enqueue("ITEM-3", { station: "pack" }); // typed while the store is still loading
    await after.start();
    expect(after.getState().waiting).toBe(3);
    await server.drain();
    expect(server.received.map((s) => s.code)).toEqual(["ITEM-1", "ITEM-2", "ITEM-3"]);
    expect(server.received.slice(0, 2).map((s) => s.scanId)).toEqual(left.map((s) => s.scanId));
    expect(server.received[0]!.context).toEqual({ station: "pack" });
  });
});

describe("IndexedDB scan store", () => {
  it("keeps each queue's waiting scans in order across instances, apart from other queues", async () => {
    const pack = indexedDbScanStore<Ctx>("user-1:pack");
    const other = indexedDbScanStore<Ctx>("user-1:ship");
    const scan = (code: string, seq: number): QueuedScan<Ctx> => ({ scanId: `${code}-${seq}`, code, context: { station: "pack" }, seq });
    await pack.put(scan("B", 2));
    await pack.put(scan("A", 1));
    await other.put(scan("C", 3));
    expect((await indexedDbScanStore<Ctx>("user-1:pack").load()).map((s) => s.code)).toEqual(["A", "B"]);
    await pack.remove("A-1");
    expect(await pack.load()).toEqual([scan("B", 2)]);
    expect((await other.load()).map((s) => s.code)).toEqual(["C"]);
  });
});
