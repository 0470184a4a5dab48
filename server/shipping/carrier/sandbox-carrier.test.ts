import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { SandboxCarrier } from "./sandbox-carrier";
import { sandboxTrackingNumber } from "./sandbox-ids";
import { sandboxRate } from "./sandbox-rates";
import { SANDBOX_CARRIER_TRIGGERS, SANDBOX_OUTAGE_NAME_MARKER, SANDBOX_UNDELIVERABLE_POSTAL_CODE } from "./sandbox-triggers";
import { carrierFailure, labelRequest, pdfHeader } from "./testing";

describe("SandboxCarrier", () => {
  it("returns a DS tracking number, a shipment id, a 4x6 PDF label and a decimal-string cost", async () => {
    const request = labelRequest({ service: "express" });
    const label = await new SandboxCarrier().createLabel(request);

    expect(label.trackingNumber).toMatch(/^DS\d{16}$/);
    expect(label.carrierShipmentId).toMatch(/^sbx_shp_[0-9a-f]{24}$/);
    expect(label.cost).toEqual({ amount: "17.00", currency: "USD" });
    expect(pdfHeader(label.labelPdf)).toBe("%PDF-");
    const pdf = await PDFDocument.load(label.labelPdf, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(`Shipping label ${label.trackingNumber}`);
    expect(pdf.getSubject()).toContain(request.reference);
  });

  it("gives the same tracking number and label for the same key, even from a fresh instance", async () => {
    const request = labelRequest();
    const first = await new SandboxCarrier().createLabel(request);
    const sameProcess = new SandboxCarrier();
    const again = await sameProcess.createLabel(request);
    const thirdTime = await sameProcess.createLabel(request);
    for (const replay of [again, thirdTime]) {
      expect(replay.trackingNumber).toBe(first.trackingNumber);
      expect(replay.carrierShipmentId).toBe(first.carrierShipmentId);
      expect(Buffer.from(replay.labelPdf).equals(Buffer.from(first.labelPdf))).toBe(true);
    }
    const other = await sameProcess.createLabel(labelRequest());
    expect(other.trackingNumber).not.toBe(first.trackingNumber);
    // Pinned: the derivation must not change, or restarted processes would make second labels.
    expect(sandboxTrackingNumber("label:00000000-0000-4000-8000-000000000001")).toBe("DS3156385771431726");
  });

  it("gives distinct tracking numbers to many keys", () => {
    const numbers = new Set(Array.from({ length: 5_000 }, (_, i) => sandboxTrackingNumber(`label:${i}`)));
    expect(numbers.size).toBe(5_000);
  });

  it("refuses a known key sent with a different request", async () => {
    const carrier = new SandboxCarrier();
    const request = labelRequest();
    await carrier.createLabel(request);
    const error = await carrierFailure(carrier.createLabel({ ...request, service: "express" }));
    expect(error).toMatchObject({ kind: "rejected", code: "idempotency_key_reused" });
  });

  it("rejects an address it cannot deliver to, with a message for the packer", async () => {
    const request = labelRequest();
    const error = await carrierFailure(
      new SandboxCarrier().createLabel({ ...request, to: { ...request.to, postalCode: SANDBOX_UNDELIVERABLE_POSTAL_CODE } }),
    );
    expect(error).toMatchObject({ kind: "rejected", code: "address_undeliverable", retriable: false });
    expect(error.message).toMatch(/does not deliver to postal code 00000/);
  });

  it("is unavailable for a recipient named like an outage, and during an outage", async () => {
    const request = labelRequest();
    const named = await carrierFailure(
      new SandboxCarrier().createLabel({ ...request, to: { ...request.to, name: `Test ${SANDBOX_OUTAGE_NAME_MARKER.toLowerCase()} person` } }),
    );
    expect(named).toMatchObject({ kind: "unavailable", code: "outage", retriable: true });

    let down = true;
    const carrier = new SandboxCarrier({ outage: () => down });
    expect(await carrierFailure(carrier.createLabel(request))).toMatchObject({ kind: "unavailable" });
    expect(await carrierFailure(carrier.cancelLabel({ trackingNumber: "DS0000000000000001", idempotencyKey: "k" }))).toMatchObject({
      kind: "unavailable",
    });
    down = false;
    expect((await carrier.createLabel(request)).trackingNumber).toBe(sandboxTrackingNumber(request.idempotencyKey));
  });

  it("rejects a parcel over the weight limit and an incomplete request", async () => {
    const carrier = new SandboxCarrier();
    const heavy = labelRequest({ parcel: { weightGrams: 30_001, lengthCm: 50, widthCm: 40, heightCm: 40 } });
    expect(await carrierFailure(carrier.createLabel(heavy))).toMatchObject({ kind: "rejected", code: "parcel_too_heavy" });

    const request = labelRequest();
    const incomplete = await carrierFailure(
      carrier.createLabel({
        ...request,
        to: { ...request.to, line1: " ", country: "USA" },
        parcel: { ...request.parcel, weightGrams: 0 },
      }),
    );
    expect(incomplete).toMatchObject({ kind: "rejected", code: "invalid_request" });
    expect(incomplete.message).toBe(
      "The label request is incomplete: recipient street address is missing; recipient country must be a two-letter code like US; " +
        "parcel weight must be a whole number of grams above 0.",
    );
  });

  it("lists its triggers for the UI", () => {
    expect(SANDBOX_CARRIER_TRIGGERS.map((t) => [t.field, t.outcome])).toEqual([
      ["to.postalCode", "rejected"],
      ["to.name", "unavailable"],
      ["parcel.weightGrams", "rejected"],
    ]);
  });

  it("cancels its own labels idempotently and rejects unknown tracking numbers", async () => {
    const carrier = new SandboxCarrier();
    const label = await carrier.createLabel(labelRequest());
    const cancel = { trackingNumber: label.trackingNumber, idempotencyKey: "cancel:x" };
    expect(await carrier.cancelLabel(cancel)).toEqual({ cancelled: true });
    expect(await carrier.cancelLabel(cancel)).toEqual({ cancelled: true });
    expect(carrier.isCancelled(label.trackingNumber)).toBe(true);
    const unknown = await carrierFailure(carrier.cancelLabel({ trackingNumber: "1Z999", idempotencyKey: "cancel:y" }));
    expect(unknown).toMatchObject({ kind: "rejected", code: "label_not_found" });
  });

  it("prices in integer cents", () => {
    expect(sandboxRate("ground", { weightGrams: 1, lengthCm: 1, widthCm: 1, heightCm: 1 })).toEqual({ amount: "6.00", currency: "USD" });
    expect(sandboxRate("ground", { weightGrams: 2001, lengthCm: 1, widthCm: 1, heightCm: 1 })).toEqual({ amount: "8.00", currency: "USD" });
  });
});
