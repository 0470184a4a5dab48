import { expect } from "vitest";
import { CarrierError, type CreateLabelRequest } from "./types";

let seq = 0;

/** A valid label request with a fresh idempotency key; `overrides` replace whole fields. */
export function labelRequest(overrides: Partial<CreateLabelRequest> = {}): CreateLabelRequest {
  seq += 1;
  return {
    idempotencyKey: `label:test-shipment-${process.pid}-${seq}`,
    reference: `D-${10_000 + seq}`,
    service: "ground",
    from: { name: "Depot East", line1: "1 Dock Road", city: "Newark", region: "NJ", postalCode: "07114", country: "US" },
    to: { name: "Ada Lovelace", line1: "12 Engine Way", line2: "Apt 3", city: "Portland", region: "OR", postalCode: "97201", country: "US" },
    parcel: { weightGrams: 1250, lengthCm: 30, widthCm: 20, heightCm: 10 },
    ...overrides,
  };
}

/** The CarrierError a call rejects with (fails the test if it resolves or throws anything else). */
export async function carrierFailure(promise: Promise<unknown>): Promise<CarrierError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CarrierError);
  return error as CarrierError;
}

export function pdfHeader(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 5)).toString("latin1");
}
