import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CarrierSignatureError, signCarrierPayload, verifyCarrierSignature, type CarrierSignatureFailure } from "./webhook-signature";

const secret = "whsec_carrier_test";
const body = JSON.stringify({ id: "evt_1", type: "tracking.delivered" });
const now = 1_750_000_000;

function failure(fn: () => unknown): CarrierSignatureFailure {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CarrierSignatureError);
    return (error as CarrierSignatureError).reason;
  }
  throw new Error("expected a CarrierSignatureError");
}

describe("carrier webhook signatures", () => {
  it("signs t=<unix>,v1=<hex HMAC-SHA256 of `${t}.${body}`> and verifies it", () => {
    const header = signCarrierPayload(secret, body, now);
    const hex = createHmac("sha256", secret).update(`${now}.${body}`).digest("hex");
    expect(header).toBe(`t=${now},v1=${hex}`);
    expect(verifyCarrierSignature(secret, header, body, { nowSec: now + 10 })).toEqual({ timestamp: now });
  });

  it("accepts any matching v1 (secret rotation) and ignores unknown schemes", () => {
    const good = signCarrierPayload(secret, body, now).split(",")[1];
    const other = signCarrierPayload("old-secret", body, now).split(",")[1];
    const header = `t=${now}, ${other}, v0=abc, ${good}`;
    expect(verifyCarrierSignature(secret, header, body, { nowSec: now })).toEqual({ timestamp: now });
  });

  it("refuses a tampered body and a wrong secret", () => {
    const header = signCarrierPayload(secret, body, now);
    expect(failure(() => verifyCarrierSignature(secret, header, body.replace("delivered", "exception"), { nowSec: now }))).toBe("mismatch");
    expect(failure(() => verifyCarrierSignature("another-secret", header, body, { nowSec: now }))).toBe("mismatch");
  });

  it("refuses a timestamp outside the tolerance (replays), both ways", () => {
    const header = signCarrierPayload(secret, body, now);
    expect(failure(() => verifyCarrierSignature(secret, header, body, { nowSec: now + 301 }))).toBe("too_old");
    expect(failure(() => verifyCarrierSignature(secret, header, body, { nowSec: now - 301 }))).toBe("too_old");
    expect(verifyCarrierSignature(secret, header, body, { nowSec: now + 3_600, toleranceSec: 3_600 })).toEqual({ timestamp: now });
  });

  it("tells a missing header from a malformed one", () => {
    expect(failure(() => verifyCarrierSignature(secret, undefined, body, { nowSec: now }))).toBe("missing");
    expect(failure(() => verifyCarrierSignature(secret, "  ", body, { nowSec: now }))).toBe("missing");
    for (const header of ["garbage", `t=${now}`, "v1=" + "a".repeat(64), `t=abc,v1=${"a".repeat(64)}`, `t=${now},v1=xyz`, `t=${now},v1=${"a".repeat(63)}`]) {
      expect(failure(() => verifyCarrierSignature(secret, header, body, { nowSec: now }))).toBe("malformed");
    }
  });

  it("will not sign or verify with an empty secret", () => {
    expect(() => signCarrierPayload("", body, now)).toThrow(/secret/);
    expect(() => verifyCarrierSignature("", `t=${now},v1=${"a".repeat(64)}`, body, { nowSec: now })).toThrow(/secret/);
  });
});
