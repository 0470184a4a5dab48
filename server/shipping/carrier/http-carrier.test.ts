import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HttpCarrier, type HttpCarrierOptions } from "./http-carrier";
import { ParcelHubStub, STUB_UNDELIVERABLE_POSTAL_CODE } from "./http-carrier-stub";
import { renderLabelPdf } from "./label-pdf";
import { carrierFailure, labelRequest } from "./testing";

const stub = new ParcelHubStub();

beforeAll(async () => {
  await stub.start();
  // The stub renders real labels: load pdf-lib and bwip-js before any call is timed.
  await renderLabelPdf({ ...labelRequest(), trackingNumber: "PH0", carrierName: "warm-up" });
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

function carrier(options: Partial<HttpCarrierOptions> = {}) {
  return new HttpCarrier({
    baseUrl: `${stub.baseUrl}/`,
    apiKey: stub.apiKey,
    timeoutMs: 5_000,
    maxRetries: 2,
    retryInitialDelayMs: 5,
    retryMaxDelayMs: 20,
    breakerThreshold: 5,
    halfOpenAfterMs: 300,
    ...options,
  });
}

describe("HttpCarrier against a local ParcelHub stub", () => {
  it("creates a label with the idempotency key, bearer key and snake_case body", async () => {
    const request = labelRequest({ service: "express" });
    const label = await carrier().createLabel(request);

    expect(label.trackingNumber).toMatch(/^PH\d{12}$/);
    expect(label.carrierShipmentId).toMatch(/^shp_\d+$/);
    expect(label.cost).toEqual({ amount: "8.40", currency: "USD" });
    const pdf = await PDFDocument.load(label.labelPdf, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(`Shipping label ${label.trackingNumber}`);

    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/labels",
      idempotencyKey: request.idempotencyKey,
      authorization: `Bearer ${stub.apiKey}`,
      body: {
        reference: request.reference,
        service: "express",
        to: { name: "Ada Lovelace", line2: "Apt 3", postal_code: "97201", country: "US" },
        parcel: { weight_grams: 1250, length_cm: 30, width_cm: 20, height_cm: 10 },
      },
    });
  });

  it("replays the same label for the same key: a retried call never buys a second label", async () => {
    const request = labelRequest();
    const before = stub.labelsCreated;
    const first = await carrier().createLabel(request);
    const again = await carrier().createLabel(request);
    expect(again.trackingNumber).toBe(first.trackingNumber);
    expect(Buffer.from(again.labelPdf).equals(Buffer.from(first.labelPdf))).toBe(true);
    expect(stub.labelsCreated).toBe(before + 1);
  });

  it("maps 422 to rejected, with the carrier's words, and does not retry it", async () => {
    const request = labelRequest();
    const error = await carrierFailure(
      carrier().createLabel({ ...request, to: { ...request.to, postalCode: STUB_UNDELIVERABLE_POSTAL_CODE } }),
    );
    expect(error).toMatchObject({ kind: "rejected", code: "address_undeliverable", statusCode: 422, retriable: false });
    expect(error.message).toBe("The carrier rejected the request: We do not deliver to postal code 00000.");
    expect(stub.requests).toHaveLength(1);

    // A refused request is not stored under its key: once fixed it goes through.
    const fixed = await carrier().createLabel(request);
    expect(fixed.trackingNumber).toMatch(/^PH/);
  });

  it("retries 500s with the same key and succeeds once the carrier recovers", async () => {
    stub.fail({ kind: "status", status: 500 }, 2);
    const request = labelRequest();
    const label = await carrier().createLabel(request);
    expect(label.trackingNumber).toMatch(/^PH/);
    expect(stub.requests.map((r) => r.idempotencyKey)).toEqual([request.idempotencyKey, request.idempotencyKey, request.idempotencyKey]);
  });

  it("gives up after the bounded retries with unavailable", async () => {
    stub.fail({ kind: "status", status: 503, message: "maintenance" }, 3);
    const error = await carrierFailure(carrier().createLabel(labelRequest()));
    expect(error).toMatchObject({ kind: "unavailable", code: "server_error", statusCode: 503, retriable: true });
    expect(error.message).toBe("The carrier is having trouble (HTTP 503): maintenance. Try again later.");
    expect(stub.requests).toHaveLength(3);
  });

  it("times out a carrier that hangs, retries, then reports unavailable", async () => {
    stub.fail({ kind: "hang" }, 2);
    const started = Date.now();
    const error = await carrierFailure(carrier({ timeoutMs: 150, maxRetries: 1 }).createLabel(labelRequest()));
    expect(error).toMatchObject({ kind: "unavailable", code: "timeout" });
    expect(stub.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  // Half-open and closing again are the shared wrapper's: server/lib/resilience.test.ts.
  it("opens the circuit after repeated failures and fails fast without calling the carrier", async () => {
    const ph = carrier({ maxRetries: 0, breakerThreshold: 3 });
    stub.fail({ kind: "status", status: 502 }, 3);
    for (let i = 0; i < 3; i++) {
      expect(await carrierFailure(ph.createLabel(labelRequest()))).toMatchObject({ code: "server_error" });
    }
    expect(ph.circuitState).toBe("open");
    const fast = await carrierFailure(ph.createLabel(labelRequest()));
    expect(fast).toMatchObject({ kind: "unavailable", code: "circuit_open" });
    expect(stub.requests).toHaveLength(3);
  });

  it("does not count rejections towards the circuit", async () => {
    const ph = carrier({ maxRetries: 0, breakerThreshold: 2 });
    const request = labelRequest();
    for (let i = 0; i < 4; i++) {
      await carrierFailure(ph.createLabel({ ...request, to: { ...request.to, postalCode: STUB_UNDELIVERABLE_POSTAL_CODE } }));
    }
    expect(ph.circuitState).toBe("closed");
  });

  it("treats a bad API key as unavailable without retrying, and unreadable answers as unavailable", async () => {
    const unauthorized = await carrierFailure(carrier({ apiKey: "wrong" }).createLabel(labelRequest()));
    expect(unauthorized).toMatchObject({ kind: "unavailable", code: "unauthorized", retriable: false });
    expect(stub.requests).toHaveLength(1);

    stub.fail({ kind: "garbage" });
    const garbage = await carrierFailure(carrier().createLabel(labelRequest()));
    expect(garbage).toMatchObject({ kind: "unavailable", code: "bad_response" });
  });

  it("reports network failures as unavailable, and refuses an incomplete request without calling", async () => {
    const closed = new ParcelHubStub();
    const baseUrl = await closed.start();
    await closed.stop();
    const down = new HttpCarrier({ baseUrl, apiKey: "k", maxRetries: 1, retryInitialDelayMs: 1, timeoutMs: 1_000 });
    expect(await carrierFailure(down.createLabel(labelRequest()))).toMatchObject({ kind: "unavailable", code: "network" });

    const request = labelRequest();
    const incomplete = await carrierFailure(carrier().createLabel({ ...request, to: { ...request.to, city: "" } }));
    expect(incomplete).toMatchObject({ kind: "rejected", code: "invalid_request" });
    expect(stub.requests).toHaveLength(0);
  });

  it("cancels a label, says when it no longer can, and rejects unknown tracking numbers", async () => {
    const ph = carrier();
    const a = await ph.createLabel(labelRequest());
    expect(await ph.cancelLabel({ trackingNumber: a.trackingNumber, idempotencyKey: `cancel:${a.trackingNumber}` })).toEqual({ cancelled: true });
    expect(stub.requests.at(-1)).toMatchObject({ path: `/v1/labels/${a.trackingNumber}/cancel`, idempotencyKey: `cancel:${a.trackingNumber}` });

    const b = await ph.createLabel(labelRequest());
    stub.markShipped(b.trackingNumber);
    expect(await ph.cancelLabel({ trackingNumber: b.trackingNumber, idempotencyKey: "cancel:b" })).toEqual({ cancelled: false });

    const unknown = await carrierFailure(ph.cancelLabel({ trackingNumber: "PH999", idempotencyKey: "cancel:c" }));
    expect(unknown).toMatchObject({ kind: "rejected", code: "label_not_found", statusCode: 404 });
  });
});
