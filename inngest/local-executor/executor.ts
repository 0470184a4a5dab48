/** createLocalExecutor: wires the event API, registry, crons, queue and runner together. */
import type http from "node:http";
import { logger as appLogger } from "@/server/lib/logging";
import { closeServer, listenEventApi, LOOPBACK_HOST } from "./event-api";
import { CronScheduler } from "./crons";
import { toSerializedError, type RunnerHost } from "./host";
import { seededEventId, ulid } from "./ids";
import { FunctionRegistry } from "./registry";
import { executeJob } from "./runner";
import { RunBook } from "./run-book";
import { inBandSyncBodySchema, incomingEventSchema } from "./schemas";
import { canonicalJson, hashedSigningKey, SIGNATURE_HEADER, signatureHeader, verifySignature } from "./signing";
import { defaultRetryDelayMs } from "./timing";
import type { DeliveredEvent, IncomingEvent, LocalExecutor, LocalExecutorOptions } from "./types";
import { WorkQueue } from "./work-queue";

/** The app's structured logger, one line per message. */
function defaultLogger() {
  const log = appLogger.child({ component: "local-executor" });
  const line = (a: unknown[]) => a.map((x) => (x instanceof Error ? x.message : typeof x === "string" ? x : JSON.stringify(x))).join(" ");
  return {
    info: (...a: unknown[]) => log.info(line(a)),
    warn: (...a: unknown[]) => log.warn(line(a)),
    error: (...a: unknown[]) => log.error(line(a)),
  };
}

const dedupeWindowMs = 24 * 60 * 60 * 1000;
const concurrency = 8;

export function createLocalExecutor(options: LocalExecutorOptions): LocalExecutor {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? defaultLogger();
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const callServe = options.callServe ?? ((request: Request) => fetch(request));
  const registry = new FunctionRegistry();
  const queue = new WorkQueue(concurrency, (err) => logger.error("[local-executor] job crashed", err));
  /** Event dedupe: `id:<event id>` (24h window, like Inngest) and `seed:<derived id>` (SDK send retries). */
  const seen = new Map<string, { at: number; internalId: string }>();
  let server: http.Server | undefined;
  let port = options.port;

  const host: RunnerHost = {
    serveUrl: options.serveUrl,
    signingKey: options.signingKey,
    callServe,
    now,
    logger,
    enqueue: (job) => queue.push(() => executeJob(host, job)),
    retry: (job, error, delayMs) => {
      const next = job.attempt + 1;
      if (next >= job.run.fn.maxAttempts) return book.finish(job.run, "failed", error);
      const ms = delayMs ?? retryDelayMs(next);
      const message = toSerializedError(error).message;
      logger.warn(`[local-executor] run ${job.run.record.runId} ${job.run.fn.id} attempt ${next}/${job.run.fn.maxAttempts} failed at ${job.stepId}: ${message}; retry in ${ms}ms`);
      const timer = queue.after("retry", ms, () => host.enqueue({ ...job, attempt: next }));
      job.run.cleanups.set(`retry:${job.stepId}:${next}`, timer.cancel);
    },
    complete: (run, output) => book.finish(run, "completed", output),
    fail: (run, error) => book.finish(run, "failed", error),
    sleep: (run, opId, wakeAt) => book.sleep(run, opId, wakeAt),
    waitForEvent: (run, opId, eventName, opts) => book.waitForEvent(run, opId, eventName, opts),
    invoke: (run, opId, opts) => book.invoke(run, opId, opts),
    ...(options.onStepResult ? { onStepResult: options.onStepResult } : {}),
  };

  const book = new RunBook({
    host,
    queue,
    registry,
    logger,
    emit: (event) => {
      void ingest([event], undefined);
    },
  });

  const crons = new CronScheduler(
    now,
    (functionId, cron, scheduledAt) => {
      const fn = registry.get(functionId);
      if (!fn) return;
      const id = ulid(scheduledAt.getTime());
      const event: DeliveredEvent = { name: "inngest/scheduled.timer", data: { cron }, id, ts: scheduledAt.getTime() };
      book.start(fn, event, id);
    },
    options.cronTimers ?? true,
    logger.warn,
  );

  function ingest(events: IncomingEvent[], seed: string | undefined): Promise<string[]> {
    const at = now().getTime();
    for (const [key, entry] of seen) if (at - entry.at > dedupeWindowMs) seen.delete(key);
    const ids: string[] = [];
    events.forEach((e, index) => {
      const seeded = seed ? seededEventId(seed, index) : undefined;
      const internalId = seeded ?? ulid(at);
      const keys = [...(seeded ? [`seed:${seeded}`] : []), ...(e.id ? [`id:${e.id}`] : [])];
      const duplicate = keys.map((k) => seen.get(k)).find(Boolean);
      if (duplicate) {
        logger.info(`[local-executor] event ${e.name} (${e.id ?? duplicate.internalId}) ignored: duplicate id`);
        ids.push(duplicate.internalId);
        return;
      }
      for (const k of keys) seen.set(k, { at, internalId });
      ids.push(internalId);
      const event: DeliveredEvent = { name: e.name, data: e.data ?? {}, id: e.id ?? internalId, ts: e.ts ?? at, ...(e.v ? { v: e.v } : {}) };
      book.deliver(event, event.id);
    });
    return Promise.resolve(ids);
  }

  /**
   * In-band sync, as Inngest servers do it: a signed PUT with the URL to register; the SDK answers
   * with its function configs, signed.
   */
  async function sync(): Promise<void> {
    const body = canonicalJson({ url: options.serveUrl });
    const response = await callServe(
      new Request(options.serveUrl, {
        method: "PUT",
        headers: {
          "content-type": "application/json",
          "x-inngest-server-kind": "cloud",
          "x-inngest-sync-kind": "in_band",
          [SIGNATURE_HEADER]: signatureHeader(body, options.signingKey, new Date()),
        },
        body,
      }),
    );
    const text = await response.text();
    if (response.status !== 200 || response.headers.get("x-inngest-sync-kind") !== "in_band") {
      throw new Error(`local executor: registering ${options.serveUrl} failed (${response.status}): ${text.slice(0, 500)}`);
    }
    if (!verifySignature(text, response.headers.get(SIGNATURE_HEADER), options.signingKey, new Date())) {
      throw new Error(`local executor: ${options.serveUrl} answered the sync without a valid signature`);
    }
    const app = inBandSyncBodySchema.parse(JSON.parse(text));
    const fns = registry.replace(app.functions);
    for (const fn of fns) for (const problem of fn.problems) logger.warn(`[local-executor] ${fn.id}: ${problem}`);
    crons.load(fns);
    logger.info(`[local-executor] registered ${fns.length} functions of ${app.app_id}`);
  }

  return {
    get url() {
      return `http://${LOOPBACK_HOST}:${port}`;
    },
    async start() {
      if (server) return;
      queue.open();
      const listening = await listenEventApi(options.port, {
        logger,
        eventKey: options.eventKey,
        apiToken: hashedSigningKey(options.signingKey),
        onEvents: ingest,
        runSteps: (runId) => book.get(runId)?.steps,
        runEvents: (runId) => book.get(runId)?.events,
      });
      server = listening.server;
      port = listening.port;
      try {
        await sync();
      } catch (error) {
        await closeServer(server);
        server = undefined;
        throw error;
      }
      crons.start();
    },
    async stop() {
      crons.stop();
      // Let the runs in flight finish (briefly) rather than cutting a step off mid-call.
      await this.drain(5_000).catch(() => undefined);
      queue.clear();
      book.clear();
      if (server) await closeServer(server);
      server = undefined;
    },
    send(events) {
      return ingest(incomingEventSchema.array().parse(events), undefined);
    },
    tickCrons(at) {
      const t = at ?? now();
      crons.tick(t);
      book.wakeSleeps(t);
      return Promise.resolve();
    },
    async drain(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!queue.isIdle(deadline)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`local executor: drain timed out after ${timeoutMs}ms (${queue.describe()})`);
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([queue.changed(), new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(50, left))))]);
        clearTimeout(timer);
      }
    },
    runs: () => book.records(),
  };
}

