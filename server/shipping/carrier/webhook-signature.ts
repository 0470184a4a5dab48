import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Carrier webhooks are signed like Stripe's: `Depot-Carrier-Signature: t=<unix>,v1=<hex>`,
 * where v1 is HMAC-SHA256(secret, `${t}.${rawBody}`). Several v1 entries may be sent while a
 * secret is rotated; one match is enough.
 */
export const CARRIER_SIGNATURE_HEADER = "Depot-Carrier-Signature";
export const CARRIER_SIGNATURE_TOLERANCE_SEC = 300;

export type CarrierSignatureFailure = "missing" | "malformed" | "too_old" | "mismatch";

export class CarrierSignatureError extends Error {
  constructor(
    readonly reason: CarrierSignatureFailure,
    message: string,
  ) {
    super(message);
    this.name = "CarrierSignatureError";
  }
}

export type VerifiedCarrierSignature = { timestamp: number };

const nowSeconds = () => Math.floor(Date.now() / 1000);

function hmacHex(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest("hex");
}

function requireSecret(secret: string): void {
  // An empty key would let anyone sign: a configuration error, not a bad request.
  if (!secret) throw new Error("No carrier webhook secret is configured");
}

/** The header value for `rawBody` (the exact bytes that are sent). */
export function signCarrierPayload(secret: string, rawBody: string, nowSec: number = nowSeconds()): string {
  requireSecret(secret);
  const t = Math.floor(nowSec);
  return `t=${t},v1=${hmacHex(secret, t, rawBody)}`;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || value === undefined) continue;
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new CarrierSignatureError("malformed", `${CARRIER_SIGNATURE_HEADER} must look like t=<unix seconds>,v1=<64 hex digits>`);
  }
  return { timestamp, signatures };
}

/**
 * Checks the header against the raw request body (never a re-serialized one). Throws a
 * CarrierSignatureError: the webhook route answers 400 and reads nothing else. A timestamp
 * more than `toleranceSec` away from now, in either direction, is refused as a possible replay.
 */
export function verifyCarrierSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string,
  options: { toleranceSec?: number; nowSec?: number } = {},
): VerifiedCarrierSignature {
  requireSecret(secret);
  if (!header?.trim()) throw new CarrierSignatureError("missing", `Missing ${CARRIER_SIGNATURE_HEADER} header`);
  const { timestamp, signatures } = parseHeader(header);
  const tolerance = options.toleranceSec ?? CARRIER_SIGNATURE_TOLERANCE_SEC;
  const age = (options.nowSec ?? nowSeconds()) - timestamp;
  if (Math.abs(age) > tolerance) {
    throw new CarrierSignatureError("too_old", `Signature timestamp is ${age}s from now, outside the ${tolerance}s tolerance`);
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), "hex");
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected));
  if (!matches) throw new CarrierSignatureError("mismatch", "No signature matches the payload and secret");
  return { timestamp };
}
