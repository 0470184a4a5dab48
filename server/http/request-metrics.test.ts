import { afterAll, describe, expect, it } from "vitest";
import { GET as readyRoute } from "@/app/api/health/ready/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { getDbHandle } from "@/db/client";
import { CLIENT_ADDRESS_HEADER } from "@/server/lib/client-address";
import { metrics } from "@/server/lib/metrics";
import { testBrowser } from "@/server/trpc/testing";

afterAll(() => getDbHandle().close());

/** The current value of one series of a counter, or a histogram's count of observations (0 before the first). */
async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const own = (v: object) => !("metricName" in v) || v.metricName === name || v.metricName === `${name}_count`;
  const series = metric?.values.find((v) => own(v) && Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return series?.value ?? 0;
}

describe("requests are measured as they are served (004 P1-1, issue 13)", () => {
  it("004 P1-1 (issue 13): an API route request is counted by route, method and status and timed; a tRPC call is counted by procedure and result; the scrape shows both", async () => {
    const route = { route: "/api/health/ready", method: "GET" };
    const served = await readyRoute(new Request("http://127.0.0.1/api/health/ready"));
    const status = String(served.status);
    const [requestsBefore, timedBefore] = [await sample("depot_http_requests_total", { ...route, status }), await sample("depot_http_request_duration_seconds", route)];
    await readyRoute(new Request("http://127.0.0.1/api/health/ready"));
    expect(await sample("depot_http_requests_total", { ...route, status })).toBe(requestsBefore + 1);
    expect(await sample("depot_http_request_duration_seconds", route)).toBe(timedBefore + 1);

    const ok = { path: "catalog.list", type: "query", code: "OK" };
    const missing = { path: "orders.get", type: "query", code: "NOT_FOUND" };
    const [okBefore, missingBefore] = [await sample("depot_trpc_calls_total", ok), await sample("depot_trpc_calls_total", missing)];
    const visitor = testBrowser().caller;
    await visitor.catalog.list({});
    await expect(visitor.orders.get({ number: "D999999999" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await sample("depot_trpc_calls_total", ok)).toBe(okBefore + 1);
    expect(await sample("depot_trpc_calls_total", missing)).toBe(missingBefore + 1);

    const text = await (await metricsRoute(new Request("http://127.0.0.1/api/metrics", { headers: { [CLIENT_ADDRESS_HEADER]: "127.0.0.1" } }))).text();
    const line = (name: string, labels: Record<string, string>) =>
      text.split("\n").find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    expect(line("depot_http_requests_total", { ...route, status })).toMatch(new RegExp(` ${requestsBefore + 1}$`));
    expect(line("depot_trpc_calls_total", missing)).toMatch(new RegExp(` ${missingBefore + 1}$`));
  });
});
