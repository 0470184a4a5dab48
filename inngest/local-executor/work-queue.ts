/** An in-memory job queue with a concurrency cap, plus tracked timers (retries, sleeps, waits). */

export type TimerKind = "retry" | "sleep" | "wait";
type Timer = { kind: TimerKind; dueAt: number; handle: ReturnType<typeof setTimeout> };

export class WorkQueue {
  private queued: Array<() => Promise<void>> = [];
  private running = 0;
  private timers = new Set<Timer>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly concurrency: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  push(task: () => Promise<void>): void {
    if (this.closed) return;
    this.queued.push(task);
    this.pump();
  }

  /** Runs `task` after `ms` (real time). `cancel` drops it. Sleeps may also be woken early via the returned `fire`. */
  after(kind: TimerKind, ms: number, task: () => void): { cancel: () => void; fire: () => void } {
    if (this.closed) return { cancel: () => {}, fire: () => {} };
    const delay = Math.min(Math.max(0, ms), 2_147_483_647);
    const timer: Timer = {
      kind,
      dueAt: Date.now() + delay,
      handle: setTimeout(() => fire(), delay),
    };
    this.timers.add(timer);
    const cancel = () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
      this.notify();
    };
    const fire = () => {
      if (!this.timers.delete(timer)) return;
      clearTimeout(timer.handle);
      task();
      this.notify();
    };
    return { cancel, fire };
  }

  /** True when nothing is queued or running, and no retry (nor sleep due before `deadline`) is pending. */
  isIdle(deadline: number): boolean {
    if (this.queued.length > 0 || this.running > 0) return false;
    for (const t of this.timers) {
      if (t.kind === "retry") return false;
      if (t.kind === "sleep" && t.dueAt <= deadline) return false;
    }
    return true;
  }

  describe(): string {
    const kinds = [...this.timers].map((t) => t.kind);
    return `queued=${this.queued.length} running=${this.running} retries=${kinds.filter((k) => k === "retry").length} sleeps=${kinds.filter((k) => k === "sleep").length}`;
  }

  /** Resolves on the next state change (used by drain). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Accept work again after `clear()`. */
  open(): void {
    this.closed = false;
  }

  /** Drops queued work and timers and refuses new work until `open()` (executor stopped). */
  clear(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t.handle);
    this.timers.clear();
    this.queued = [];
    this.notify();
  }

  private notify(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queued.length > 0) {
      const task = this.queued.shift();
      if (!task) break;
      this.running++;
      task()
        .catch(this.onError)
        .finally(() => {
          this.running--;
          this.notify();
          this.pump();
        });
    }
  }
}
