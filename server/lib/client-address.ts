import { isIP } from "node:net";

/**
 * The address a request came from, one nobody can forge: our HTTP server in front of Next.js
 * (scripts/next-server.ts) writes the socket's peer address into this header, overwriting any
 * value a client sent. Next.js itself only fills X-Forwarded-For when a client left it out, so
 * that header alone proves nothing.
 */
export const CLIENT_ADDRESS_HEADER = "x-depot-client-address";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; `10.0.0.1:5123` (some proxies) → `10.0.0.1`; anything else not an IP → null. */
export function normalizeAddress(raw: string | undefined): string | null {
  let value = raw?.trim().replace(/^\[(.*)\](:\d+)?$/, "$1") ?? "";
  if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(value)) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

/**
 * The client's address. With `trustedProxyHops` = 0 clients reach Depot directly and the socket
 * address is used. With N > 0, N reverse proxies of ours stand in front, each appending the
 * address it saw to X-Forwarded-For; the N-th entry from the right is what the outermost one
 * saw, and anything left of it was written by the client. Null when it cannot be known (a
 * request that did not come through our server, e.g. a test calling a route in-process).
 */
export function clientAddress(headers: HeaderSource, trustedProxyHops: number): string | null {
  if (trustedProxyHops > 0) {
    const chain = (header(headers, "x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    return chain.length >= trustedProxyHops ? normalizeAddress(chain[chain.length - trustedProxyHops]) : null;
  }
  return normalizeAddress(header(headers, CLIENT_ADDRESS_HEADER));
}

export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}
