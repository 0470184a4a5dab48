/** Applies the ops of a 206 answer (StepRun, StepError, StepFailed, StepPlanned, Sleep, ...) to a run. */
import { createHash } from "node:crypto";
import type { OutgoingOp } from "./schemas";
import type { MemoizedStep } from "./types";
import { isOpen, memoize, type Job, type Run } from "./run-state";
import { requestDiscovery, retryAfterFrom, type RunnerHost } from "./host";
import { sleepWakeAt } from "./timing";

/** The SDK reports a whole-run result under hashId("complete") when lazy ops ride along. */
const runCompleteId = createHash("sha1").update("complete").digest("hex");

const unsupported = new Set(["AIGateway", "Gateway", "WaitForSignal", "DiscoveryRequest"]);

function known(run: Run, id: string): boolean {
  return id in run.steps || run.pending.has(id);
}

export async function handleOps(host: RunnerHost, job: Job, ops: OutgoingOp[], headers: Headers): Promise<void> {
  const { run } = job;
  let progressed = false;
  /** Records a step's result, once the crash-test hook (if any) has been told it is about to. */
  const record = async (op: OutgoingOp, result: MemoizedStep) => {
    if (host.onStepResult && !(op.id in run.steps)) {
      await host.onStepResult({ functionId: run.fn.id, runId: run.record.runId, stepId: op.name ?? op.displayName ?? op.id, hashedId: op.id, event: run.event, result });
    }
    memoize(run, op.id, result);
  };
  for (const op of ops) {
    if (!isOpen(run)) return;
    switch (op.op) {
      case "StepRun":
      case "Step":
        await record(op, { data: op.data ?? null });
        progressed = true;
        break;
      case "StepError": {
        const finalAttempt = job.attempt + 1 >= run.fn.maxAttempts || headers.get("x-inngest-no-retry") === "true";
        if (op.id === runCompleteId) {
          if (finalAttempt) return host.fail(run, op.error);
          host.retry({ ...job }, op.error, retryAfterFrom(new Response(null, { headers }), host.now()));
          break;
        }
        if (finalAttempt) {
          await record(op, { error: op.error ?? null });
          progressed = true;
        } else {
          run.pending.add(op.id);
          host.retry({ run, stepId: op.id, attempt: job.attempt }, op.error, retryAfterFrom(new Response(null, { headers }), host.now()));
        }
        break;
      }
      case "StepFailed":
        if (op.id === runCompleteId) return host.fail(run, op.error);
        await record(op, { error: op.error ?? null });
        progressed = true;
        break;
      case "RunComplete":
        return host.complete(run, op.data ?? null);
      case "StepPlanned":
        if (known(run, op.id)) break;
        run.pending.add(op.id);
        host.enqueue({ run, stepId: op.id, attempt: 0 });
        break;
      case "Sleep": {
        if (known(run, op.id)) break;
        const wakeAt = sleepWakeAt(op.name ?? "", host.now());
        if (!wakeAt) return host.fail(run, { name: "Error", message: `local executor: cannot parse sleep "${op.name}"` });
        run.pending.add(op.id);
        host.sleep(run, op.id, wakeAt);
        break;
      }
      case "WaitForEvent":
        if (known(run, op.id)) break;
        run.pending.add(op.id);
        host.waitForEvent(run, op.id, op.name ?? "", op.opts);
        break;
      case "InvokeFunction":
        if (known(run, op.id)) break;
        run.pending.add(op.id);
        host.invoke(run, op.id, op.opts);
        break;
      case "DeferAdd":
      case "DeferAbort":
        host.logger.warn(`[local-executor] run ${run.record.runId}: ${op.op} ignored (defer() is not supported locally)`);
        break;
      default: {
        const why = unsupported.has(op.op) ? "is not supported by the local executor" : "is unknown to the local executor";
        return host.fail(run, { name: "NonRetriableError", message: `step "${op.displayName ?? op.name ?? op.id}": op ${op.op} ${why}` });
      }
    }
  }
  if (progressed) requestDiscovery(host, run);
}
