/**
 * CPU time of the bench's process tree, by part, from /proc (Linux only; elsewhere null): the
 * bench process itself (clients, local executor), the app (the `next` child and its children)
 * and the database (the embedded `postgres` server and its backends). On a machine shared with
 * other work, CPU time per operation moves much less than latency does, and the machine's busy
 * share beside ours tells how much of the run went to others.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export type CpuPart = "bench" | "app" | "database" | "other";
export type CpuSnapshot = { seconds: Record<CpuPart, number>; machineBusy: number; machineTotal: number };
export type CpuUsage = { seconds: Record<CpuPart, number>; ours: number; wallSeconds: number; machineBusyShare: number; oursShare: number };

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

type Proc = { pid: number; ppid: number; ticks: number; cmd: string };

function readProcs(): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid … utime stime …": comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      procs.set(Number(entry), { pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmd });
    } catch {
      // The process ended while we looked.
    }
  }
  return procs;
}

function machine(): { busy: number; total: number } {
  const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
  const values = (cpu ?? "").trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU seconds used so far by this process and its descendants, by part; null without /proc. */
export function cpuSnapshot(root = process.pid): CpuSnapshot | null {
  let procs: Map<number, Proc>;
  try {
    procs = readProcs();
  } catch {
    return null;
  }
  const tick = clockTicks();
  const seconds: Record<CpuPart, number> = { bench: 0, app: 0, database: 0, other: 0 };
  for (const p of procs.values()) {
    if (p.pid === root) {
      seconds.bench += p.ticks / tick;
      continue;
    }
    // Walk up to the root; the part is named by the first ancestor whose command says what it is.
    let part: CpuPart | undefined;
    let at: Proc | undefined = p;
    let underRoot = false;
    while (at) {
      if (!part && /\bpostgres\b/.test(at.cmd)) part = "database";
      if (!part && /next(\/dist\/bin\/next|-server|\s+start|\s+dev)/.test(at.cmd)) part = "app";
      if (at.ppid === root) {
        underRoot = true;
        break;
      }
      at = procs.get(at.ppid);
    }
    if (underRoot) seconds[part ?? "other"] += p.ticks / tick;
  }
  const m = machine();
  return { seconds, machineBusy: m.busy, machineTotal: m.total };
}

/** What was used between two snapshots `wallSeconds` apart. */
export function cpuUsage(before: CpuSnapshot | null, after: CpuSnapshot | null, wallSeconds: number): CpuUsage | null {
  if (!before || !after) return null;
  const parts: CpuPart[] = ["bench", "app", "database", "other"];
  const seconds = Object.fromEntries(parts.map((k) => [k, Math.max(0, after.seconds[k] - before.seconds[k])])) as Record<CpuPart, number>;
  const ours = parts.reduce((n, k) => n + seconds[k], 0);
  const machineTicks = after.machineTotal - before.machineTotal;
  const busyTicks = after.machineBusy - before.machineBusy;
  const cores = machineTicks / clockTicks() / wallSeconds;
  return {
    seconds,
    ours,
    wallSeconds,
    machineBusyShare: machineTicks > 0 ? busyTicks / machineTicks : NaN,
    oursShare: cores > 0 ? ours / (wallSeconds * cores) : NaN,
  };
}

/**
 * Waits until the parts named use less than `belowCores` of a core for `windows` consecutive
 * windows of `windowMs` (the app's background work, e.g. functions still running on events the
 * relay has already sent, has finished); gives up after `timeoutMs`. Returns the ms waited, or
 * null without /proc (then it returns at once).
 */
export async function waitForIdle(options: { parts: CpuPart[]; belowCores?: number; windowMs?: number; windows?: number; timeoutMs?: number }): Promise<number | null> {
  const { parts, belowCores = 0.1, windowMs = 1000, windows = 2, timeoutMs = 120_000 } = options;
  const started = performance.now();
  let quiet = 0;
  let before = cpuSnapshot();
  if (!before) return null;
  while (quiet < windows && performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = cpuSnapshot();
    if (!after) return null;
    const used = parts.reduce((n, k) => n + after.seconds[k] - before!.seconds[k], 0);
    quiet = used < belowCores * (windowMs / 1000) ? quiet + 1 : 0;
    before = after;
  }
  return performance.now() - started;
}
