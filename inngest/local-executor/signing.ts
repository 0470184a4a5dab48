/**
 * Inngest's request signing, as an Inngest server does it and the SDK checks it (inngest 4.24,
 * `helpers/net.ts` and `InngestCommHandler.validateSignature`):
 *
 *   X-Inngest-Signature: t=<unix seconds>&s=<hex HMAC-SHA256(body + t)>
 *
 * keyed with the signing key minus its `signkey-<env>-` prefix, over the JSON body in canonical
 * form (RFC 8785, which is what the SDK re-serializes a parsed body to before comparing). The SDK
 * signs its answers the same way over the raw response body, and authenticates its own API calls
 * with `Authorization: Bearer signkey-<env>-<sha256 of the key's bytes>`.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

export const SIGNATURE_HEADER = "x-inngest-signature";
/** The SDK refuses signatures more than five minutes off its clock, either way. */
const toleranceSeconds = 5 * 60;

const prefixRe = /^signkey-\w+-/;

/** A new signing key in Inngest's format: `signkey-<env>-<64 hex digits>`. */
export function newSigningKey(env = "local"): string {
  return `signkey-${env}-${randomBytes(32).toString("hex")}`;
}

/** The exact body to send: canonical JSON, so the signature matches what the SDK re-serializes. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? "";
}

function hmac(signingKey: string, data: string, timestamp: string): string {
  return createHmac("sha256", signingKey.replace(prefixRe, "")).update(data).update(timestamp).digest("hex");
}

export function signatureHeader(body: string, signingKey: string, now: Date): string {
  const t = String(Math.round(now.getTime() / 1000));
  return `t=${t}&s=${hmac(signingKey, body, t)}`;
}

/** Whether `header` signs `body` with `signingKey` within the tolerance of `now`. */
export function verifySignature(body: string, header: string | null, signingKey: string, now: Date): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const t = params.get("t") ?? "";
  const s = params.get("s") ?? "";
  const seconds = Number(t);
  if (!/^\d+$/.test(t) || !s || Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(signingKey, body, t));
  const given = Buffer.from(s);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The bearer token the SDK sends to the Inngest API: the key's prefix plus SHA-256 of its bytes. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = prefixRe.exec(signingKey)?.[0] ?? "";
  return `${prefix}${createHash("sha256").update(Buffer.from(signingKey.replace(prefixRe, ""), "hex")).digest("hex")}`;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
