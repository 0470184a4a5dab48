import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { getDbHandle } from "@/db/client";
import { CLIENT_ADDRESS_HEADER } from "@/server/lib/client-address";
import { metricsRefusal } from "./metrics-access";

const TOKEN = "metrics-token-of-the-test-0123456789";

function scrape(headers: Record<string, string>) {
  return new Request("http://127.0.0.1:3000/api/metrics", { headers });
}

afterAll(() => getDbHandle().close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("/api/metrics without METRICS_TOKEN: loopback clients only (004 P1-3, OBS-P2-01)", () => {
  it("answers a scraper on this machine and refuses any other client with 403, whatever X-Forwarded-For or Host it sends", async () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await GET(scrape({ [CLIENT_ADDRESS_HEADER]: address }));
      expect(response.status, address).toBe(200);
      expect(await response.text()).toContain("depot_http_requests_total");
    }

    const attempts: Record<string, string>[] = [
      { [CLIENT_ADDRESS_HEADER]: "203.0.113.7" },
      { [CLIENT_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "127.0.0.1", host: "127.0.0.1:3000" },
      { [CLIENT_ADDRESS_HEADER]: "10.0.0.5", "x-real-ip": "127.0.0.1" },
      // Not through our server at all (no socket address): unknown is not loopback.
      { "x-forwarded-for": "127.0.0.1" },
    ];
    for (const headers of attempts) {
      const response = await GET(scrape(headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
      const body = await response.text();
      expect(body).toContain("Set METRICS_TOKEN to scrape them from elsewhere");
      expect(body).not.toContain("depot_");
    }
  });
});

describe("/api/metrics with METRICS_TOKEN: the bearer token, from anywhere (004 P1-3, OBS-P2-01)", () => {
  async function tokenRoute() {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    vi.resetModules();
    return (await import("@/app/api/metrics/route")).GET;
  }

  it("refuses a missing or wrong token with 401 and a Bearer challenge, even from loopback, and answers the right one from anywhere", async () => {
    const route = await tokenRoute();
    const missing = await route(scrape({ [CLIENT_ADDRESS_HEADER]: "127.0.0.1" }));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="depot-metrics"');

    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, "Bearer wrong", `Basic ${TOKEN}`, TOKEN]) {
      const response = await route(scrape({ [CLIENT_ADDRESS_HEADER]: "127.0.0.1", authorization }));
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="depot-metrics"/);
      expect(await response.text()).not.toContain("depot_");
    }

    for (const authorization of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`]) {
      const response = await route(scrape({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7", authorization }));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("depot_outbox_pending");
    }
  });

  it("believes X-Forwarded-For only as far as TRUSTED_PROXY_HOPS says (without a token)", () => {
    const behindOneProxy = { token: undefined, trustedProxyHops: 1 };
    // The client wrote "127.0.0.1"; our proxy appended the address it saw.
    const forged = new Headers({ "x-forwarded-for": "127.0.0.1, 203.0.113.7", [CLIENT_ADDRESS_HEADER]: "10.0.0.2" });
    expect(metricsRefusal(forged, behindOneProxy)?.status).toBe(403);
    expect(metricsRefusal(new Headers({ "x-forwarded-for": "127.0.0.1" }), behindOneProxy)).toBeNull();
  });
});
