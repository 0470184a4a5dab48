/** ULID-style ids (Inngest's run and event ids look like this). */
import { createHash, randomBytes } from "node:crypto";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encode(bytes: Uint8Array, length: number): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 0; i < length; i++) {
    out = alphabet[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

function timePart(ms: number): string {
  let t = BigInt(Math.max(0, Math.floor(ms)));
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = alphabet[Number(t & 31n)] + out;
    t >>= 5n;
  }
  return out;
}

export function ulid(ms: number = Date.now()): string {
  return timePart(ms) + encode(randomBytes(10), 16);
}

/**
 * The SDK sends `x-inngest-event-id-seed: <millis>,<base64 entropy>` and re-sends the same seed
 * when it retries a send, so ids derived from (seed, index) make retried sends idempotent.
 */
export function seededEventId(seed: string, index: number): string | undefined {
  const [millis] = seed.split(",");
  const ms = Number(millis);
  if (!Number.isFinite(ms)) return undefined;
  const digest = createHash("sha256").update(`${seed}:${index}`).digest();
  return timePart(ms) + encode(digest.subarray(0, 10), 16);
}
