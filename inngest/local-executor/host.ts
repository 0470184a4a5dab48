/** What the runner needs from the executor, plus small helpers shared by runner and ops. */
import { isOpen, type Job, type Run } from "./run-state";
import { retryAfterMs } from "./timing";
import type { StepResultInfo } from "./types";

export type RunnerHost = {
  serveUrl: string;
  /** Signs every call to the serve endpoint; its answers must carry a signature made with it. */
  signingKey: string;
  callServe: (request: Request) => Promise<Response>;
  now: () => Date;
  /** Queue a serve call for the run. */
  enqueue: (job: Job) => void;
  /** Retry `job` at `attempt` after backoff (or `delayMs` from retry-after). */
  retry: (job: Job, error: unknown, delayMs?: number) => void;
  complete: (run: Run, output: unknown) => void;
  fail: (run: Run, error: unknown) => void;
  sleep: (run: Run, opId: string, wakeAt: Date) => void;
  waitForEvent: (run: Run, opId: string, eventName: string, opts: unknown) => void;
  invoke: (run: Run, opId: string, opts: unknown) => void;
  logger: { warn: (...a: unknown[]) => void };
  /** LocalExecutorOptions.onStepResult (crash tests only). */
  onStepResult?: (step: StepResultInfo) => void | Promise<void>;
};

/** Asks for a discovery request (stepId=step), coalescing concurrent requests per run. */
export function requestDiscovery(host: RunnerHost, run: Run): void {
  if (!isOpen(run)) return;
  if (run.discovering) {
    run.rediscover = true;
    return;
  }
  run.discovering = true;
  host.enqueue({ run, stepId: "step", attempt: 0 });
}

export function toSerializedError(err: unknown): { name: string; message: string; stack?: string } {
  if (err instanceof Error) return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  if (err && typeof err === "object" && "message" in err) {
    const e = err as { name?: unknown; message?: unknown; stack?: unknown };
    return { name: typeof e.name === "string" ? e.name : "Error", message: String(e.message), ...(typeof e.stack === "string" ? { stack: e.stack } : {}) };
  }
  return { name: "Error", message: typeof err === "string" ? err : JSON.stringify(err) };
}

export function retryAfterFrom(response: Response, now: Date): number | undefined {
  return retryAfterMs(response.headers.get("retry-after"), now);
}
