import { GET, POST, PUT } from "@/app/api/inngest/route";
import { env } from "@/server/env";
import { createLocalExecutor } from "./executor";
import { executorKeys } from "./index";
import type { LocalExecutor, LocalExecutorOptions } from "./types";

const route = { GET, POST, PUT };

/** A request to the app's serve endpoint (/api/inngest), handled in-process. */
export function callAppServe(request: Request): Promise<Response> {
  const method = request.method;
  if (method !== "GET" && method !== "POST" && method !== "PUT") throw new Error(`the serve endpoint has no ${method} handler`);
  return route[method](request as Parameters<typeof GET>[0], undefined);
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A started local executor driving the app's real serve endpoint in-process, on the test
 * environment's executor port: crons only on `tickCrons`, 5 ms between retries, no logs (by default).
 */
export async function testExecutor(options: Pick<LocalExecutorOptions, "retryDelayMs" | "onStepResult" | "logger"> = {}): Promise<LocalExecutor> {
  const settings = env().inngest;
  if (settings.kind !== "embedded") throw new Error("this test needs the local executor (embedded Inngest mode)");
  const executor = createLocalExecutor({
    serveUrl: "http://127.0.0.1:3000/api/inngest",
    callServe: callAppServe,
    port: Number(new URL(settings.localUrl).port),
    ...executorKeys(settings),
    cronTimers: false,
    retryDelayMs: () => 5,
    logger: silent,
    ...options,
  });
  await executor.start();
  return executor;
}
