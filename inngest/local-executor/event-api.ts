/**
 * The HTTP side of the executor: the subset of the Inngest API the SDK calls. Binds 127.0.0.1
 * only, and asks for the same credentials Inngest does:
 *   POST /e/:eventKey               send events (the event key)           -> { ids, status: 200 }
 *   GET  /v0/runs/:runId/actions    memoized steps, used when ctx.use_api is set (bearer: hashed signing key)
 *   GET  /v0/runs/:runId/batch      the run's events (same)
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { incomingEventsSchema } from "./schemas";
import { sameSecret } from "./signing";
import type { IncomingEvent, MemoizedStep } from "./types";

export const LOOPBACK_HOST = "127.0.0.1";

export type EventApiHandlers = {
  /** The event key senders must put in the path. */
  eventKey: string;
  /** The bearer token API calls must carry (the SDK's hashed signing key). */
  apiToken: string;
  onEvents: (events: IncomingEvent[], idSeed: string | undefined) => Promise<string[]>;
  runSteps: (runId: string) => Record<string, MemoizedStep> | undefined;
  runEvents: (runId: string) => unknown[] | undefined;
  logger: { warn: (...a: unknown[]) => void };
};

const maxBodyBytes = 10 * 1024 * 1024;
const loopbackHostRe = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) reject(new Error("body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function route(h: EventApiHandlers, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // The socket is loopback-only; also refuse foreign Host headers (DNS rebinding).
  if (!loopbackHostRe.test(req.headers.host ?? "")) return reply(res, 403, { error: "forbidden host", status: 403 });
  const url = new URL(req.url ?? "/", `http://${LOOPBACK_HOST}`);
  const parts = url.pathname.split("/").filter(Boolean);
  if (req.method === "POST" && parts[0] === "e" && parts.length === 2) {
    if (!sameSecret(decodeURIComponent(parts[1] ?? ""), h.eventKey)) return reply(res, 401, { ids: [], status: 401, error: "unknown event key" });
    const parsed = incomingEventsSchema.safeParse(JSON.parse((await readBody(req)) || "null"));
    if (!parsed.success) return reply(res, 400, { ids: [], status: 400, error: `invalid events: ${parsed.error.message}` });
    const seedHeader = req.headers["x-inngest-event-id-seed"];
    const seed = typeof seedHeader === "string" ? seedHeader : undefined;
    const ids = await h.onEvents(Array.isArray(parsed.data) ? parsed.data : [parsed.data], seed);
    return reply(res, 200, { ids, status: 200 });
  }
  if (req.method === "GET" && parts[0] === "v0" && parts[1] === "runs" && parts.length === 4) {
    if (!sameSecret(req.headers.authorization ?? "", `Bearer ${h.apiToken}`)) return reply(res, 401, { error: "unauthorized", status: 401 });
    const runId = decodeURIComponent(parts[2] ?? "");
    const found = parts[3] === "actions" ? h.runSteps(runId) : parts[3] === "batch" ? h.runEvents(runId) : undefined;
    return found ? reply(res, 200, found) : reply(res, 404, { error: "run not found", status: 404 });
  }
  h.logger.warn(`[local-executor] unsupported API call ${req.method} ${url.pathname}`);
  return reply(res, 404, { error: `not supported by the local executor: ${req.method} ${url.pathname}`, status: 404 });
}

export async function listenEventApi(port: number, handlers: EventApiHandlers): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    route(handlers, req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 400, { status: 400, error: err instanceof Error ? err.message : String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: LOOPBACK_HOST }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  if (address.address !== LOOPBACK_HOST) {
    server.close();
    throw new Error(`local executor must listen on ${LOOPBACK_HOST}, got ${address.address}`);
  }
  return { server, port: address.port };
}

export function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}
