/** In-memory state of one function run. */
import type { RegisteredFunction } from "./registry";
import type { DeliveredEvent, MemoizedStep, RunRecord } from "./types";

export type Run = {
  record: RunRecord;
  fn: RegisteredFunction;
  event: DeliveredEvent;
  events: DeliveredEvent[];
  /** Memoized step results keyed by hashed step id. */
  steps: Record<string, MemoizedStep>;
  /** Completion order of step ids (ctx.stack.stack). */
  stack: string[];
  /** Op ids currently executing, sleeping, waiting or invoking (so re-discovery doesn't repeat them). */
  pending: Set<string>;
  discovering: boolean;
  rediscover: boolean;
  /** Cleanup of timers/waiters owned by this run. */
  cleanups: Map<string, () => void>;
  /** Called once when the run ends (used by step.invoke). */
  onEnd?: (run: Run) => void;
};

/** A request to the serve endpoint: `stepId` is "step" (discovery) or a hashed id (run that step). */
export type Job = { run: Run; stepId: string; attempt: number };

export function memoize(run: Run, id: string, result: MemoizedStep): void {
  if (id in run.steps) return;
  run.steps[id] = result;
  run.stack.push(id);
  run.pending.delete(id);
  run.cleanups.get(id)?.();
  run.cleanups.delete(id);
}

export function isOpen(run: Run): boolean {
  return run.record.status === "running";
}

/** The request body the SDK's serve handler parses (parseFnData in inngest/helpers/functions). */
export function requestBody(run: Run, attempt: number): Record<string, unknown> {
  return {
    event: run.event,
    events: run.events,
    steps: run.steps,
    ctx: {
      run_id: run.record.runId,
      attempt,
      max_attempts: run.fn.maxAttempts,
      // While another step of this run is in flight (parallel steps, a retry, a sleep), the SDK must
      // not run a lone unfulfilled step inline during discovery, or it could run twice.
      disable_immediate_execution: run.pending.size > 0,
      use_api: false,
      stack: { stack: [...run.stack], current: Math.max(0, run.stack.length - 1) },
    },
  };
}
