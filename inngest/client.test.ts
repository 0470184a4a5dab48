import { serve } from "inngest/next";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { createInngestClient } from "./client";

function servedWith(source: Record<string, string>) {
  const client = createInngestClient(parseEnv(source).inngest);
  const fn = client.createFunction({ id: "probe", triggers: [{ event: "test/probe" }] }, async () => "ran");
  return serve({ client, functions: [fn] });
}

function unsignedRun() {
  return new Request("http://127.0.0.1:3000/api/inngest?fnId=depot-probe&stepId=step", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      event: { name: "test/probe", data: {} },
      events: [{ name: "test/probe", data: {} }],
      steps: {},
      ctx: { run_id: "run-1", attempt: 0, stack: { stack: [], current: 0 } },
      version: 1,
    }),
  });
}

describe("serve endpoint signing", () => {
  it("refuses an unsigned run request when Inngest is configured", async () => {
    const handlers = servedWith({ INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef", INNGEST_EVENT_KEY: "k" });
    const response = await handlers.POST(unsignedRun() as Parameters<typeof handlers.POST>[0], undefined);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('"ran"');
  });

  it("runs unsigned requests only in the embedded mode (the local executor on loopback)", async () => {
    const handlers = servedWith({});
    const response = await handlers.POST(unsignedRun() as Parameters<typeof handlers.POST>[0], undefined);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("ran");
  });
});
