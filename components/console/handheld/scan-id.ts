import type { RefObject } from "react";

/** A v4 UUID; crypto.randomUUID only exists on https, and handhelds often reach the app over plain http on the LAN. */
export function newScanId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === "function") return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Attempt = { key: string; id: string };

/**
 * The scan id of one confirmation attempt: made once per `key` (the line and what was picked of
 * it so far) and reused when that attempt is retried, so a request whose answer was lost is
 * recorded once. Clear the ref after a success.
 */
export function attemptId(ref: RefObject<Attempt | null>, key: string): string {
  if (ref.current?.key !== key) ref.current = { key, id: newScanId() };
  return ref.current.id;
}
