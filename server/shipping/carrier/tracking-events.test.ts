import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { MalformedWebhookError } from "@/server/webhooks/malformed";
import { buildTrackingEvent, deliverSandboxTrackingEvent, parseTrackingEvent } from "./tracking-events";
import { CARRIER_SIGNATURE_HEADER, verifyCarrierSignature } from "./webhook-signature";

const occurredAt = new Date("2025-03-04T05:06:07.000Z");

describe("tracking events", () => {
  it("builds events that parse back, with a unique id and an exception reason for exceptions", () => {
    const delivered = buildTrackingEvent({ type: "tracking.delivered", trackingNumber: "DS0000000000000001", carrier: "sandbox", occurredAt, createdSec: 1_750_000_000 });
    expect(delivered).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      type: "tracking.delivered",
      created: 1_750_000_000,
      data: { tracking_number: "DS0000000000000001", carrier: "sandbox", occurred_at: "2025-03-04T05:06:07.000Z", description: "Delivered" },
    });
    expect(parseTrackingEvent(JSON.stringify(delivered))).toEqual(delivered);

    const exception = buildTrackingEvent({ type: "tracking.exception", trackingNumber: "DS1", carrier: "sandbox" });
    expect(exception.data.exception_reason).toMatch(/not available/);
    expect(exception.id).not.toBe(buildTrackingEvent({ type: "tracking.exception", trackingNumber: "DS1", carrier: "sandbox" }).id);
  });

  it("parses a carrier's payload with an offset timestamp and no optional fields", () => {
    const raw = JSON.stringify({
      id: "evt_ph_1",
      type: "tracking.in_transit",
      created: 1_750_000_000,
      data: { tracking_number: "PH000000000001", carrier: "parcelhub", occurred_at: "2025-03-04T07:06:07+02:00" },
      extra: "ignored",
    });
    expect(parseTrackingEvent(raw)).toMatchObject({ id: "evt_ph_1", type: "tracking.in_transit", data: { carrier: "parcelhub" } });
  });

  it("refuses bodies that are not JSON or not a tracking event, saying what is wrong", () => {
    expect(() => parseTrackingEvent("{nope")).toThrow(MalformedWebhookError);
    const wrong = JSON.stringify({ id: "", type: "tracking.lost", created: 1.5, data: { tracking_number: "X", carrier: "c", occurred_at: "yesterday" } });
    expect(() => parseTrackingEvent(wrong)).toThrow(/id: .*; type: .*; created: .*; data\.occurred_at: /);
  });

  it("delivers the event as signed JSON that the verifier accepts", async () => {
    const secret = "whsec_carrier_delivery";
    const received: { header: string | undefined; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const header = req.headers[CARRIER_SIGNATURE_HEADER.toLowerCase()];
        received.push({ header: typeof header === "string" ? header : undefined, body });
        res.writeHead(received.length === 1 ? 200 : 500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/carrier`;
    try {
      const event = buildTrackingEvent({ type: "tracking.in_transit", trackingNumber: "DS0000000000000002", carrier: "sandbox", occurredAt });
      expect(await deliverSandboxTrackingEvent({ url, secret, event })).toEqual({ ok: true, status: 200 });
      const [first] = received;
      expect(parseTrackingEvent(first?.body ?? "")).toEqual(event);
      expect(verifyCarrierSignature(secret, first?.header, first?.body ?? "")).toEqual({ timestamp: expect.any(Number) });
      expect(await deliverSandboxTrackingEvent({ url, secret, event })).toEqual({ ok: false, status: 500 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("uses the injected fetch", async () => {
    const calls: RequestInit[] = [];
    const fetchImpl: typeof fetch = async (_url, init) => {
      calls.push(init ?? {});
      return new Response(null, { status: 204 });
    };
    const event = buildTrackingEvent({ type: "tracking.delivered", trackingNumber: "DS3", carrier: "sandbox" });
    expect(await deliverSandboxTrackingEvent({ url: "http://x.invalid/hook", secret: "s", event, fetchImpl, nowSec: 1_750_000_000 })).toEqual({ ok: true, status: 204 });
    const headers = new Headers(calls[0]?.headers);
    expect(headers.get(CARRIER_SIGNATURE_HEADER)).toMatch(/^t=1750000000,v1=[0-9a-f]{64}$/);
    expect(calls[0]?.body).toBe(JSON.stringify(event));
  });
});
