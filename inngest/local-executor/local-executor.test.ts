import net from "node:net";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalExecutor, type LocalExecutor, type LocalExecutorOptions, type StepResultInfo } from "./index";
import { hashedSigningKey, newSigningKey } from "./signing";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const port = await freePort();
const signingKey = newSigningKey("test");
const eventKey = "executor-test-event-key";
// The SDK in its signed mode, as in the app: the executor must sign every call like Inngest does.
const inngest = new Inngest({ id: "executor-test", isDev: false, baseUrl: `http://127.0.0.1:${port}`, signingKey, eventKey, checkpointing: false });

const calls = { a: 0, b: 0, flaky: 0, doomed: 0, cron: 0, dedupe: 0, fatal: 0, p1: 0, p2: 0, afterNap: 0, x: 0, y: 0 };
const failures: Array<{ event: unknown; message: string }> = [];
const received: unknown[] = [];

const twoSteps = inngest.createFunction({ id: "two-steps", triggers: [{ event: "test/two-steps" }] }, async ({ event, step }) => {
  const a = await step.run("a", () => ++calls.a);
  const b = await step.run("b", () => ++calls.b);
  return { a, b, input: event.data };
});
const flaky = inngest.createFunction({ id: "flaky", retries: 3, triggers: [{ event: "test/flaky" }] }, async ({ step }) =>
  step.run("sometimes", () => {
    if (++calls.flaky < 3) throw new Error(`flake ${calls.flaky}`);
    return "ok";
  }),
);
const doomed = inngest.createFunction(
  {
    id: "doomed",
    retries: 2,
    triggers: [{ event: "test/doomed" }],
    onFailure: ({ event, error }) => {
      failures.push({ event: event.data.event, message: error.message });
    },
  },
  async ({ step }) =>
    step.run("never", () => {
      calls.doomed++;
      throw new Error("kaput");
    }),
);
const fatal = inngest.createFunction({ id: "fatal", retries: 5, triggers: [{ event: "test/fatal" }] }, async () => {
  calls.fatal++;
  throw new NonRetriableError("no point retrying");
});
const hourly = inngest.createFunction({ id: "hourly", triggers: [{ cron: "0 * * * *" }] }, async () => ++calls.cron);
const paris = inngest.createFunction({ id: "paris", triggers: [{ cron: "TZ=Europe/Paris 0 13 * * *" }] }, async () => "bonjour");
let bodyCalls = 0;
const bodyFlaky = inngest.createFunction({ id: "body-flaky", retries: 1, triggers: [{ event: "test/body-flaky" }] }, async () => {
  if (++bodyCalls === 1) throw new Error("not yet");
  return bodyCalls;
});
const dedupe = inngest.createFunction({ id: "dedupe", triggers: [{ event: "test/dedupe" }] }, async () => ++calls.dedupe);
const sender = inngest.createFunction({ id: "sender", triggers: [{ event: "test/send" }] }, async ({ event, step }) =>
  step.sendEvent("forward", { name: "test/forwarded", data: { n: event.data.n } }),
);
const receiver = inngest.createFunction({ id: "receiver", triggers: [{ event: "test/forwarded" }] }, async ({ event }) => {
  received.push(event.data);
});
const napper = inngest.createFunction({ id: "napper", triggers: [{ event: "test/nap" }] }, async ({ step }) => {
  const [x, y] = await Promise.all([step.run("p1", () => ++calls.p1), step.run("p2", () => ++calls.p2)]);
  await step.sleep("nap", "1h");
  return step.run("after-nap", () => ({ x, y, after: ++calls.afterNap }));
});
const held = inngest.createFunction({ id: "held", triggers: [{ event: "test/held" }] }, async ({ step }) => {
  await step.run("x", () => ++calls.x);
  return step.run("y", () => ++calls.y);
});
const child = inngest.createFunction({ id: "child", triggers: [{ event: "test/child" }] }, async ({ event }) => ({ doubled: Number(event.data.n) * 2 }));
const parent = inngest.createFunction({ id: "parent", triggers: [{ event: "test/parent" }] }, async ({ step }) => {
  const invoked = await step.invoke("call-child", { function: child, data: { n: 21 } });
  const paid = await step.waitForEvent("wait-paid", { event: "test/paid", match: "data.orderId", timeout: "1h" });
  return { invoked, paid: paid?.data ?? null };
});

// A trigger `if` is evaluated before a run starts: an event it rejects starts none.
const filtered = inngest.createFunction(
  { id: "filtered", triggers: [{ event: "test/moved", if: "event.data.to == 'cancelled' && event.data.ref != null" }] },
  async ({ event }) => event.data.ref,
);

const handler = serve({
  client: inngest,
  functions: [paris, bodyFlaky, twoSteps, flaky, doomed, fatal, hourly, dedupe, sender, receiver, napper, child, parent, held, filtered],
  enableUnauthedSync: false,
});
type Handle = (req: Request) => Promise<Response>;

let clock = new Date("2030-01-01T10:30:00Z");
const logLines: string[] = [];
const log = (...a: unknown[]) => logLines.push(a.map(String).join(" "));
let executor: LocalExecutor;
/** What onStepResult saw, with the run's status and the step bodies run so far at that moment. */
const stepResults: Array<{ step: StepResultInfo; runStatus: string | undefined; bodies: typeof calls }> = [];
/** While set, onStepResult holds the result of step "x" until this promise resolves. */
let holdX: Promise<void> | undefined;

const byFn = (id: string) => executor.runs().filter((r) => r.functionId === `executor-test-${id}`);

beforeAll(async () => {
  executor = createLocalExecutor({
    serveUrl: "http://127.0.0.1:3000/api/inngest",
    callServe: (req) => (req.method === "PUT" ? (handler.PUT as Handle)(req) : (handler.POST as Handle)(req)),
    port,
    signingKey,
    eventKey,
    now: () => clock,
    retryDelayMs: () => 5,
    cronTimers: false,
    logger: { info: log, warn: log, error: log },
    onStepResult: (step) => {
      stepResults.push({ step, runStatus: executor.runs().find((r) => r.runId === step.runId)?.status, bodies: { ...calls } });
      if (step.stepId === "x") return holdX;
    },
  });
  await executor.start();
});

afterAll(async () => {
  await executor?.stop();
});

describe("local executor", () => {
  it("listens on loopback only", () => {
    expect(executor.url).toBe(`http://127.0.0.1:${port}`);
  });

  it("runs a function with two steps, each body once, and records the output", async () => {
    const [eventId] = (await inngest.send({ name: "test/two-steps", data: { hello: "world" } })).ids;
    await executor.drain(10_000);
    const runs = byFn("two-steps");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", eventId, output: { a: 1, b: 1, input: { hello: "world" } } });
    expect(calls).toMatchObject({ a: 1, b: 1 });
  });

  it("reports each step result to onStepResult before recording it (crash-test hook)", () => {
    const seen = stepResults.filter((s) => s.step.functionId === "executor-test-two-steps");
    expect(seen.map((s) => [s.step.stepId, s.step.result])).toEqual([
      ["a", { data: 1 }],
      ["b", { data: 1 }],
    ]);
    expect(seen[0]!.step).toMatchObject({ hashedId: expect.stringMatching(/^[0-9a-f]{40}$/), event: { name: "test/two-steps", data: { hello: "world" } } });
    // Reported before the executor moved on: the next step's body has not run, the run is open.
    expect(seen[0]!.bodies).toMatchObject({ a: 1, b: 0 });
    expect(seen.map((s) => s.runStatus)).toEqual(["running", "running"]);
  });

  it("waits for onStepResult's promise before recording the step and moving on", async () => {
    let release = () => {};
    holdX = new Promise<void>((resolve) => (release = resolve));
    await executor.send([{ name: "test/held" }]);
    await expect.poll(() => stepResults.some((s) => s.step.stepId === "x"), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toMatchObject({ x: 1, y: 0 });
    expect(byFn("held")[0]?.status).toBe("running");
    release();
    await executor.drain(10_000);
    expect(byFn("held")[0]).toMatchObject({ status: "completed", output: 1 });
    expect(calls).toMatchObject({ x: 1, y: 1 });
  });

  it("retries a flaky step until it succeeds", async () => {
    await executor.send([{ name: "test/flaky" }]);
    await executor.drain(10_000);
    expect(byFn("flaky")[0]).toMatchObject({ status: "completed", output: "ok", attempts: 3 });
    expect(calls.flaky).toBe(3);
  });

  it("gives up after `retries` and runs onFailure once with the event and error", async () => {
    await executor.send([{ name: "test/doomed", data: { orderId: "o-1" } }]);
    await executor.drain(10_000);
    expect(calls.doomed).toBe(3);
    expect(byFn("doomed")[0]).toMatchObject({ status: "failed", error: { message: "kaput" } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ message: "kaput", event: { name: "test/doomed", data: { orderId: "o-1" } } });
    expect(byFn("doomed-failure")[0]).toMatchObject({ status: "completed", eventName: "inngest/function.failed" });
    // Only the final failure is a recorded result; the retried attempts are not.
    expect(stepResults.filter((s) => s.step.functionId === "executor-test-doomed").map((s) => [s.step.stepId, s.step.result])).toEqual([
      ["never", { error: expect.objectContaining({ message: "kaput" }) }],
    ]);
  });

  it("stops at once on NonRetriableError", async () => {
    await executor.send([{ name: "test/fatal" }]);
    await executor.drain(10_000);
    expect(calls.fatal).toBe(1);
    expect(byFn("fatal")[0]).toMatchObject({ status: "failed", error: { message: "no point retrying" } });
  });

  it("fires a cron when the clock passes its slot, and not before", async () => {
    await executor.tickCrons(new Date("2030-01-01T10:59:59Z"));
    await executor.drain(10_000);
    expect(byFn("hourly")).toHaveLength(0);
    clock = new Date("2030-01-01T11:00:01Z");
    await executor.tickCrons();
    await executor.drain(10_000);
    expect(byFn("hourly")).toMatchObject([{ status: "completed", eventName: "inngest/scheduled.timer" }]);
    await executor.tickCrons(new Date("2030-01-01T11:30:00Z"));
    await executor.drain(10_000);
    expect(byFn("hourly")).toHaveLength(1);
    // TZ= prefixes: 13:00 in Paris (winter) is 12:00 UTC.
    await executor.tickCrons(new Date("2030-01-01T11:59:59Z"));
    expect(byFn("paris")).toHaveLength(0);
    await executor.tickCrons(new Date("2030-01-01T12:00:00Z"));
    await executor.drain(10_000);
    expect(byFn("paris")).toMatchObject([{ status: "completed", output: "bonjour" }]);
  });

  it("retries errors thrown outside steps", async () => {
    await executor.send([{ name: "test/body-flaky" }]);
    await executor.drain(10_000);
    expect(byFn("body-flaky")[0]).toMatchObject({ status: "completed", output: 2, attempts: 2 });
  });

  it("dedupes events by id", async () => {
    const first = await executor.send([{ name: "test/dedupe", id: "same-id" }]);
    const second = (await inngest.send({ name: "test/dedupe", id: "same-id" })).ids;
    await executor.drain(10_000);
    expect(byFn("dedupe")).toHaveLength(1);
    expect(calls.dedupe).toBe(1);
    expect(second).toEqual(first);
  });

  it("delivers step.sendEvent events to other functions", async () => {
    await executor.send([{ name: "test/send", data: { n: 7 } }]);
    await executor.drain(10_000);
    const [sent] = byFn("sender");
    expect(sent).toMatchObject({ status: "completed", output: { ids: [expect.any(String)] } });
    expect(received).toEqual([{ n: 7 }]);
    expect(byFn("receiver")).toMatchObject([{ status: "completed" }]);
  });

  it("runs parallel steps once and sleeps on the injected clock", async () => {
    await executor.send([{ name: "test/nap" }]);
    await executor.drain(10_000);
    expect(byFn("napper")[0]?.status).toBe("running");
    expect(calls).toMatchObject({ p1: 1, p2: 1, afterNap: 0 });
    clock = new Date(clock.getTime() + 60 * 60 * 1000);
    await executor.tickCrons();
    await executor.drain(10_000);
    expect(byFn("napper")[0]).toMatchObject({ status: "completed", output: { x: 1, y: 1, after: 1 } });
    expect(calls).toMatchObject({ p1: 1, p2: 1, afterNap: 1 });
  });

  it("starts a run only for events the trigger's `if` accepts", async () => {
    const rejected = await executor.send([
      { name: "test/moved", data: { to: "confirmed", ref: "r-1" } },
      { name: "test/moved", data: { to: "cancelled", ref: null } },
      { name: "test/moved", data: { to: "cancelled" } },
    ]);
    await executor.drain(10_000);
    expect(rejected).toHaveLength(3);
    expect(byFn("filtered")).toEqual([]);

    const [accepted] = await executor.send([{ name: "test/moved", data: { to: "cancelled", ref: "r-2" } }]);
    await executor.drain(10_000);
    expect(byFn("filtered")).toMatchObject([{ status: "completed", eventId: accepted, output: "r-2" }]);
  });

  it("supports step.invoke and step.waitForEvent", async () => {
    await executor.send([{ name: "test/parent", data: { orderId: "o-9" } }]);
    await executor.drain(10_000);
    expect(byFn("parent")[0]?.status).toBe("running");
    await executor.send([{ name: "test/paid", data: { orderId: "other" } }]);
    await executor.send([{ name: "test/paid", data: { orderId: "o-9", amount: 5 } }]);
    await executor.drain(10_000);
    expect(byFn("parent")[0]).toMatchObject({ status: "completed", output: { invoked: { doubled: 42 }, paid: { orderId: "o-9", amount: 5 } } });
  });

  it("logs one line per run", () => {
    expect(logLines.some((l) => /run \S+ executor-test-two-steps completed after 1 attempt/.test(l))).toBe(true);
  });

  it("takes events only with its event key, and serves run state only with the hashed signing key", async () => {
    const post = (key: string) =>
      fetch(`${executor.url}/e/${key}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "test/dedupe" }) });
    expect((await post("wrong-key")).status).toBe(401);
    expect((await post("")).status).toBe(404);
    const runId = byFn("two-steps")[0]!.runId;
    expect((await fetch(`${executor.url}/v0/runs/${runId}/actions`)).status).toBe(401);
    expect((await fetch(`${executor.url}/v0/runs/${runId}/actions`, { headers: { authorization: `Bearer ${signingKey}` } })).status).toBe(401);
    const authorized = await fetch(`${executor.url}/v0/runs/${runId}/actions`, { headers: { authorization: `Bearer ${hashedSigningKey(signingKey)}` } });
    expect(authorized.status).toBe(200);
    expect(byFn("dedupe")).toHaveLength(1);
  });

  const executorWith = (options: Pick<LocalExecutorOptions, "signingKey" | "callServe">) =>
    createLocalExecutor({ serveUrl: "http://127.0.0.1:3000/api/inngest", port: 0, eventKey, cronTimers: false, logger: { info: log, warn: log, error: log }, ...options });

  it("cannot register with a key the app does not hold (the app answers 401)", async () => {
    const wrongKey = executorWith({ signingKey: newSigningKey("test"), callServe: (req) => (handler.PUT as Handle)(req) });
    await expect(wrongKey.start()).rejects.toThrow(/registering .* failed \(401\)/);
  });

  it("refuses an answer that is not signed with the key (not the app it was told to drive)", async () => {
    const impostor = executorWith({
      signingKey,
      callServe: async () => Response.json({ app_id: "impostor", url: "http://x", functions: [] }, { headers: { "x-inngest-sync-kind": "in_band" } }),
    });
    await expect(impostor.start()).rejects.toThrow(/without a valid signature/);
  });
});
