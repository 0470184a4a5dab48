import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

type MetricsHolder = {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  procedureCalls: Counter<"path" | "type" | "code">;
};

function create(): MetricsHolder {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "depot" });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "depot_http_requests_total",
      help: "HTTP requests served by API routes",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "depot_http_request_duration_seconds",
      help: "API route latency",
      labelNames: ["route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    procedureCalls: new Counter({
      name: "depot_trpc_calls_total",
      help: "tRPC procedure calls by result code",
      labelNames: ["path", "type", "code"],
      registers: [registry],
    }),
  };
}

// One registry per process, surviving Next's dev reloads.
const holder = globalThis as unknown as { __depotMetrics?: MetricsHolder };
export const metrics = (holder.__depotMetrics ??= create());

/** Wraps a route handler to count requests and time them. */
export function withRequestMetrics<R extends Request, A extends unknown[]>(
  route: string,
  handler: (request: R, ...rest: A) => Promise<Response> | Response,
) {
  return async (request: R, ...rest: A): Promise<Response> => {
    const stop = metrics.httpDuration.startTimer({ route, method: request.method });
    let status = 500;
    try {
      const response = await handler(request, ...rest);
      status = response.status;
      return response;
    } finally {
      stop();
      metrics.httpRequests.inc({ route, method: request.method, status: String(status) });
    }
  };
}
