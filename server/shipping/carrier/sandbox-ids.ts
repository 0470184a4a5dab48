import { createHash } from "node:crypto";

function digest(purpose: string, idempotencyKey: string): Buffer {
  return createHash("sha256").update(`depot-sandbox-carrier:${purpose}:${idempotencyKey}`).digest();
}

/** "DS" + 16 digits. */
export const SANDBOX_TRACKING_NUMBER = /^DS\d{16}$/;

/**
 * A pure function of the idempotency key, so a retry (from any process, after any restart)
 * gets the tracking number of the first call and never a second label. 64 bits of the hash
 * reduced to 16 digits: two keys collide with probability ~n²/2·10¹⁶.
 */
export function sandboxTrackingNumber(idempotencyKey: string): string {
  const n = digest("tracking", idempotencyKey).readBigUInt64BE(0) % 10n ** 16n;
  return `DS${n.toString().padStart(16, "0")}`;
}

export function sandboxShipmentId(idempotencyKey: string): string {
  return `sbx_shp_${digest("shipment", idempotencyKey).toString("hex").slice(0, 24)}`;
}

/** Compares requests sent under one key. */
export function requestFingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}
