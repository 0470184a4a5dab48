/**
 * Child process for the saga crash test: the app's served functions on the local executor,
 * relaying the outbox continuously, talking to the Stripe stub of the test process. The test
 * kills it with SIGKILL at arbitrary moments and starts it again.
 */
import { GET, POST, PUT } from "@/app/api/inngest/route";
import { createLocalExecutor } from "@/inngest/local-executor";
import { env } from "@/server/env";

const routes: Record<string, (r: Request) => Promise<Response>> = {
  GET: (r) => GET(r as Parameters<typeof GET>[0], undefined),
  POST: (r) => POST(r as Parameters<typeof POST>[0], undefined),
  PUT: (r) => PUT(r as Parameters<typeof PUT>[0], undefined),
};
const settings = env().inngest;
if (settings.kind !== "embedded") throw new Error("needs the local executor");
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const executor = createLocalExecutor({
  serveUrl: "http://127.0.0.1:3000/api/inngest",
  callServe: (request) => routes[request.method]!(request),
  port: Number(new URL(settings.localUrl).port),
  cronTimers: false,
  retryDelayMs: () => 20,
  logger: silent,
});
await executor.start();
process.stdout.write("READY\n");
for (;;) {
  await executor.send([{ name: "outbox/flush", data: {} }]);
  await new Promise((r) => setTimeout(r, 25));
}
