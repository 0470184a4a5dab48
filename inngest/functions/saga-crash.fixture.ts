/**
 * Child process of the saga crash test: the app's served functions (the real /api/inngest route)
 * on the local executor, talking to the Stripe stub of the test process. It kills itself with
 * SIGKILL at one named step of one order's saga — right before the step's body runs, or right
 * after the body has returned and before the executor records the result — and the test starts
 * another one, as a restart after a crash.
 *
 * The test drives it with one command per stdin line and reads one answer per stdout line
 * (prefixed "@@ "; anything else there is logging):
 *   (loaded)                      → LOADED
 *   START [<crash point as JSON>] → STARTED   executor up (armed when a crash point is given)
 *   SETTLE                        → SETTLED   the outbox is relayed and every run has finished
 *   STOP                          → STOPPED   executor stopped, ready for another START
 * At the crash point it writes `CRASH <crash point as JSON>` and dies with SIGKILL.
 */
import { writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { eq, sql } from "drizzle-orm";
import { Middleware } from "inngest";
import { db } from "@/db/client";
import { outbox } from "@/db/schema";
import { inngest } from "@/inngest/client";
import type { LocalExecutor, StepResultInfo } from "@/inngest/local-executor";
import { callAppServe, testExecutor } from "@/inngest/local-executor/testing";
import { crashPointSchema, sagaTrigger, type CrashPoint } from "./saga-crash.points";

const failedEvent = "inngest/function.failed";

let armed: CrashPoint | undefined;

/** Protocol lines start with "@@ ", so log lines on the same stdout cannot be mistaken for them. */
function answer(line: string) {
  writeSync(1, `@@ ${line}\n`);
}

/**
 * Dies here if this is the armed point: the marker line first (synchronously), then SIGKILL.
 *
 * The relay delivers an event inside the transaction that then marks its outbox row sent, so a
 * run can reach its first step before that commit. Killed then, the row would stay pending and
 * the restart would simply deliver the event again. So the crash waits for the run's event to be
 * marked sent: the restart must then recover from what the database says, not from a redelivery.
 * Every crash point is thus the same, deterministic situation.
 */
async function maybeCrash(at: Omit<CrashPoint, "orderId">, event: unknown) {
  const point = armed;
  if (!point || point.phase !== at.phase || point.functionId !== at.functionId || point.stepId !== at.stepId) return;
  const trigger = sagaTrigger(event);
  if (trigger?.orderId !== point.orderId) return;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await db().select({ status: outbox.status }).from(outbox).where(eq(outbox.id, trigger.outboxId));
    if (row?.status !== "pending") break;
    if (Date.now() > deadline) throw new Error(`outbox row ${trigger.outboxId} of the crashed run is still pending`);
    await new Promise((r) => setTimeout(r, 5));
  }
  answer(`CRASH ${JSON.stringify(point)}`);
  process.kill(process.pid, "SIGKILL");
}

/** Function ids as written in the code: the executor's are prefixed with the app id. */
const unprefixed = (registeredId: string) => (registeredId.startsWith(`${inngest.id}-`) ? registeredId.slice(inngest.id.length + 1) : registeredId);

/**
 * "before": in the SDK, right before a step's body runs. The executor cannot see this moment —
 * the SDK runs a lone new step inside the discovery request — so it is caught where it happens.
 */
class CrashBeforeStep extends Middleware.BaseMiddleware {
  readonly id = "saga-crash-before-step";

  override async wrapStepHandler({ ctx, fn, next, stepInfo }: Middleware.WrapStepHandlerArgs): Promise<unknown> {
    if (!stepInfo.memoized) {
      const functionId = ctx.event.name === failedEvent ? `${fn.id()}-failure` : fn.id();
      await maybeCrash({ functionId, stepId: stepInfo.options.id, phase: "before" }, ctx.event);
    }
    return next();
  }
}
inngest.middleware.push(CrashBeforeStep);

/** "after": the serve endpoint has answered with the step's result; the executor has not recorded it yet. */
function crashAfterStep(step: StepResultInfo): Promise<void> {
  return maybeCrash({ functionId: unprefixed(step.functionId), stepId: step.stepId, phase: "after" }, step.event);
}

let executor: LocalExecutor | undefined;

async function start(point: CrashPoint | undefined) {
  if (executor) throw new Error("already started");
  armed = point;
  executor = await testExecutor({ retryDelayMs: () => 20, onStepResult: crashAfterStep });
}

/** Relays the outbox and runs everything that follows until nothing is pending or running. */
async function settle(running: LocalExecutor) {
  const deadline = Date.now() + 45_000;
  for (;;) {
    await running.send([{ name: "outbox/flush", data: {} }]);
    await running.drain(Math.max(1, deadline - Date.now()));
    const [{ pending } = { pending: 0 }] = await db()
      .select({ pending: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.status, "pending"));
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`settle: ${pending} outbox rows still pending`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stop() {
  await executor?.stop();
  executor = undefined;
  armed = undefined;
}

async function run(command: string, arg: string) {
  switch (command) {
    case "START":
      await start(arg ? crashPointSchema.parse(JSON.parse(arg)) : undefined);
      return "STARTED";
    case "SETTLE":
      if (!executor) throw new Error("not started");
      await settle(executor);
      return "SETTLED";
    case "STOP":
      await stop();
      return "STOPPED";
    default:
      throw new Error(`unknown command ${command}`);
  }
}

// Commands run one after another, in the order they arrive.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on("line", (line) => {
  const [command = "", ...rest] = line.split(" ");
  queue = queue
    .then(() => run(command, rest.join(" ")))
    .then(answer, (error: unknown) => answer(`ERROR ${error instanceof Error ? error.message : String(error)}`));
});
process.stdin.on("end", () => process.exit(0));
// Warm up (database pool, serve handler) while the test still has the previous process at work.
await db().execute(sql`select 1`);
await callAppServe(new Request("http://127.0.0.1:3000/api/inngest")).then((r) => r.text());
answer("LOADED");
