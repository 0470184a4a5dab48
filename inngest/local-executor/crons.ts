/** Cron triggers (croner), driven by the injected clock: `tick(now)` fires what is due. */
import { Cron } from "croner";
import type { RegisteredFunction } from "./registry";
import { longTimeout } from "./timing";

type Schedule = { functionId: string; cron: string; job: Cron; nextAt: Date | null };

/** Splits Inngest's optional `TZ=Zone ` / `CRON_TZ=Zone ` prefix off a cron string. */
export function parseCron(cron: string): { pattern: string; timezone?: string } {
  const match = /^(?:CRON_TZ|TZ)=(\S+)\s+(.+)$/.exec(cron.trim());
  return match ? { pattern: match[2] ?? "", timezone: match[1] ?? "" } : { pattern: cron.trim() };
}

export class CronScheduler {
  private schedules: Schedule[] = [];
  private timer: { cancel: () => void } | undefined;
  private stopped = true;

  constructor(
    private readonly now: () => Date,
    private readonly fire: (functionId: string, cron: string, scheduledAt: Date) => void,
    private readonly useTimers: boolean,
    private readonly warn: (...a: unknown[]) => void,
  ) {}

  /** (Re)builds schedules from the registered functions; the next slot is computed from now. */
  load(fns: RegisteredFunction[]): void {
    const now = this.now();
    const previous = new Map(this.schedules.map((s) => [`${s.functionId}\u0000${s.cron}`, s]));
    this.schedules = [];
    for (const fn of fns) {
      for (const cron of fn.cronTriggers) {
        const kept = previous.get(`${fn.id}\u0000${cron}`);
        if (kept) {
          this.schedules.push(kept);
          continue;
        }
        try {
          const { pattern, timezone } = parseCron(cron);
          const job = new Cron(pattern, { paused: true, ...(timezone ? { timezone } : {}) });
          this.schedules.push({ functionId: fn.id, cron, job, nextAt: job.nextRun(now) });
        } catch (err) {
          this.warn(`[local-executor] invalid cron "${cron}" on ${fn.id}: ${String(err)}`);
        }
      }
    }
    this.rearm();
  }

  start(): void {
    this.stopped = false;
    this.rearm();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Fires every schedule whose slot is <= now, once (missed slots are not backfilled). */
  tick(now: Date = this.now()): void {
    for (const s of this.schedules) {
      if (s.nextAt && s.nextAt.getTime() <= now.getTime()) {
        const scheduledAt = s.nextAt;
        s.nextAt = s.job.nextRun(now);
        this.fire(s.functionId, s.cron, scheduledAt);
      }
    }
    this.rearm();
  }

  private rearm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.stopped || !this.useTimers) return;
    const next = Math.min(...this.schedules.map((s) => s.nextAt?.getTime() ?? Infinity));
    if (!Number.isFinite(next)) return;
    this.timer = longTimeout(() => this.tick(), next - this.now().getTime());
  }
}
