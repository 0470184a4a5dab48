/** Run lifecycle: start, finish (+ inngest/function.failed), sleeps, waitForEvent and invoke. */
import { requestDiscovery, toSerializedError, type RunnerHost } from "./host";
import { ulid } from "./ids";
import type { FunctionRegistry, RegisteredFunction } from "./registry";
import { isOpen, memoize, type Run } from "./run-state";
import { invokeOptsSchema } from "./schemas";
import { parseDurationMs } from "./timing";
import type { DeliveredEvent, ExecutorLogger, IncomingEvent, MemoizedStep, RunRecord, RunStatus } from "./types";
import { EventWaiters } from "./waiters";
import type { WorkQueue } from "./work-queue";

const failedEvent = "inngest/function.failed";
/** Finished runs kept for runs(); older ones are dropped so a long-lived process does not grow. */
const keptFinishedRuns = 2000;

type Deps = { host: RunnerHost; queue: WorkQueue; registry: FunctionRegistry; logger: ExecutorLogger; emit: (event: IncomingEvent) => void };

export class RunBook {
  private runs = new Map<string, Run>();
  private finishedOrder: string[] = [];
  private sleeps = new Map<string, { wakeAt: Date; fire: () => void }>();
  private waiters = new EventWaiters();

  constructor(private readonly deps: Deps) {}

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  records(): RunRecord[] {
    return [...this.runs.values()].map((r) => ({ ...r.record }));
  }

  start(fn: RegisteredFunction, event: DeliveredEvent, eventId: string, onEnd?: (run: Run) => void): Run {
    const record: RunRecord = { runId: ulid(), functionId: fn.id, eventName: event.name, eventId, status: "running", attempts: 0, startedAt: this.deps.host.now() };
    const run: Run = { record, fn, event, events: [event], steps: {}, stack: [], pending: new Set(), discovering: false, rediscover: false, cleanups: new Map(), ...(onEnd ? { onEnd } : {}) };
    this.runs.set(record.runId, run);
    this.deps.logger.info(`[local-executor] run ${record.runId} ${fn.id} started by ${event.name} (${eventId})`);
    requestDiscovery(this.deps.host, run);
    return run;
  }

  /** An accepted event: resume matching waitForEvent steps, then start triggered runs. */
  deliver(event: DeliveredEvent, eventId: string): void {
    for (const { run, opId } of this.waiters.take(event)) this.resume(run, opId, { data: event });
    for (const fn of this.deps.registry.matching(event)) this.start(fn, event, eventId);
  }

  finish(run: Run, status: Exclude<RunStatus, "running">, value: unknown): void {
    if (!isOpen(run)) return;
    const r = run.record;
    r.status = status;
    r.endedAt = this.deps.host.now();
    if (status === "completed") r.output = value;
    else r.error = value;
    for (const cleanup of run.cleanups.values()) cleanup();
    run.cleanups.clear();
    const ms = r.endedAt.getTime() - r.startedAt.getTime();
    const log = status === "completed" ? this.deps.logger.info : this.deps.logger.error;
    const detail = status === "failed" ? `: ${toSerializedError(value).message}` : "";
    log(`[local-executor] run ${r.runId} ${r.functionId} ${status} after ${r.attempts} attempt(s) in ${ms}ms${detail}`);
    run.onEnd?.(run);
    this.finishedOrder.push(r.runId);
    while (this.finishedOrder.length > keptFinishedRuns) this.runs.delete(this.finishedOrder.shift()!);
    // Like Inngest: a finally failed run emits inngest/function.failed, which triggers its onFailure handler.
    if (status === "failed" && run.event.name !== failedEvent) {
      const error = value !== null && typeof value === "object" && "message" in value ? value : toSerializedError(value);
      this.deps.emit({ name: failedEvent, data: { function_id: r.functionId, run_id: r.runId, error, event: run.event } });
    }
  }

  sleep(run: Run, opId: string, wakeAt: Date): void {
    const key = `${run.record.runId}:${opId}`;
    const timer = this.deps.queue.after("sleep", wakeAt.getTime() - this.deps.host.now().getTime(), () => this.resume(run, opId, { data: null }));
    this.sleeps.set(key, { wakeAt, fire: timer.fire });
    run.cleanups.set(opId, () => {
      timer.cancel();
      this.sleeps.delete(key);
    });
  }

  /** Wakes sleeps due at `at` on the injected clock (tests drive time with tickCrons). */
  wakeSleeps(at: Date): void {
    for (const sleep of [...this.sleeps.values()]) if (sleep.wakeAt.getTime() <= at.getTime()) sleep.fire();
  }

  waitForEvent(run: Run, opId: string, eventName: string, opts: unknown): void {
    let timeout: string | undefined;
    try {
      timeout = this.waiters.add(run, opId, eventName, opts).timeout;
    } catch (err) {
      return this.finish(run, "failed", { name: "NonRetriableError", message: `step.waitForEvent("${eventName}"): ${toSerializedError(err).message}` });
    }
    const ms = timeout === undefined ? undefined : parseDurationMs(timeout);
    const timer = ms === undefined ? undefined : this.deps.queue.after("wait", ms, () => this.resume(run, opId, { data: null }));
    run.cleanups.set(opId, () => {
      timer?.cancel();
      this.waiters.remove(run, opId);
    });
  }

  invoke(run: Run, opId: string, rawOpts: unknown): void {
    const opts = invokeOptsSchema.safeParse(rawOpts);
    const fn = opts.success ? this.deps.registry.get(opts.data.function_id) : undefined;
    if (!opts.success || !fn) {
      const id = opts.success ? opts.data.function_id : "?";
      return this.resume(run, opId, { error: { name: "Error", message: `step.invoke: function "${id}" is not registered with the local executor` } });
    }
    const eventId = ulid();
    const event: DeliveredEvent = { name: "inngest/function.invoked", data: opts.data.payload?.data ?? {}, id: eventId, ts: this.deps.host.now().getTime() };
    const ms = opts.data.timeout ? parseDurationMs(opts.data.timeout) : undefined;
    const timer = ms === undefined ? undefined : this.deps.queue.after("wait", ms, () => this.resume(run, opId, { error: { name: "Error", message: `step.invoke: ${fn.id} timed out` } }));
    run.cleanups.set(opId, () => timer?.cancel());
    this.start(fn, event, eventId, (child) =>
      this.resume(run, opId, child.record.status === "completed" ? { data: child.record.output ?? null } : { error: child.record.error ?? null }),
    );
  }

  clear(): void {
    for (const run of this.runs.values()) {
      for (const cleanup of run.cleanups.values()) cleanup();
      run.cleanups.clear();
    }
    this.sleeps.clear();
  }

  private resume(run: Run, opId: string, result: MemoizedStep): void {
    if (!isOpen(run) || opId in run.steps) return;
    memoize(run, opId, result);
    requestDiscovery(this.deps.host, run);
  }
}
