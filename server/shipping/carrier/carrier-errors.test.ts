import { BrokenCircuitError, TaskCancelledError } from "cockatiel";
import { describe, expect, it } from "vitest";
import { carrierErrors, toCarrierError } from "./carrier-errors";
import { errorForStatus } from "./parcelhub-wire";
import { CarrierError } from "./types";

describe("carrier error classification", () => {
  it("keeps a CarrierError, and reads the policies' errors as circuit_open (not retried) and timeout", () => {
    const rejected = new CarrierError("rejected", "no", { code: "address_undeliverable" });
    expect(toCarrierError(rejected)).toBe(rejected);
    expect(toCarrierError(new BrokenCircuitError())).toMatchObject({ kind: "unavailable", code: "circuit_open", retriable: false });
    expect(toCarrierError(new TaskCancelledError())).toMatchObject({ kind: "unavailable", code: "timeout", retriable: true });
  });

  it("reads fetch's own abort and timeout rejections as timeouts, anything else as a network failure", () => {
    for (const name of ["AbortError", "TimeoutError"]) {
      expect(toCarrierError(new DOMException("aborted", name))).toMatchObject({ code: "timeout", retriable: true });
    }
    const network = toCarrierError(new TypeError("fetch failed"));
    expect(network).toMatchObject({ kind: "unavailable", code: "network", retriable: true });
    expect(network.message).toBe("Depot could not reach the carrier (fetch failed). Try again later.");
  });

  it("counts timeouts, network failures and 5xx towards the circuit, never a 4xx, a 429 or an open circuit", () => {
    const unwell = [new TaskCancelledError(), new TypeError("fetch failed"), errorForStatus(503, undefined)];
    const fine = [errorForStatus(422, undefined), errorForStatus(401, undefined), errorForStatus(429, undefined), new BrokenCircuitError()];
    expect(unwell.map((e) => carrierErrors.providerFailure(toCarrierError(e)))).toEqual([true, true, true]);
    expect(fine.map((e) => carrierErrors.providerFailure(toCarrierError(e)))).toEqual([false, false, false, false]);
  });
});
