import { isIP } from "node:net";

/** The full eight groups of an IPv6 address ("2001:db8::1" → ["2001","db8","0",…,"1"]). */
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => "0");
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/, ""));
}

/**
 * Whom a per-address limit counts: an IPv4 address, or an IPv6 address's /64 (one subscriber's
 * network: a host there can take any of its 2^64 addresses). Unknown addresses share one subject.
 */
export function addressSubject(address: string | null): string {
  if (!address) return "unknown";
  if (isIP(address) === 6) return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
  return address;
}

/** An account for the sign-in limits: the email as people type it, in any case. */
export function accountSubject(email: string): string {
  return email.trim().toLowerCase();
}
