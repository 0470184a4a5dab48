import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { currentUser } from "@/server/auth";
import { GUEST_CART_COOKIE, GUEST_CART_MAX_AGE_SECONDS, isWellFormedGuestToken } from "@/server/cart";
import { env } from "@/server/env";
import { servedOverHttps } from "@/server/http";
import { clientAddress } from "@/server/lib/client-address";

export type Context = {
  user: SessionUser | null;
  requestId: string;
  /** The caller's address (server/lib/client-address.ts); null when it cannot be known. */
  clientAddress: string | null;
  /** Sets a header on the HTTP response (e.g. Retry-After on a 429). */
  setResponseHeader: (name: string, value: string) => void;
  /** The guest cart token from the HttpOnly cookie, if any. */
  guestToken: string | null;
  /** Sets (or with null clears) the guest cart cookie on the response. */
  setGuestToken: (token: string | null) => void;
};

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

function guestCookie(token: string | null): string {
  const secure = servedOverHttps(env().appUrl) ? "; Secure" : "";
  return token === null
    ? `${GUEST_CART_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`
    : `${GUEST_CART_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${GUEST_CART_MAX_AGE_SECONDS}${secure}`;
}

export async function createContext(opts?: { req: Request; resHeaders: Headers }): Promise<Context> {
  const raw = readCookie(opts?.req.headers.get("cookie") ?? null, GUEST_CART_COOKIE);
  return {
    user: await currentUser(),
    requestId: randomUUID(),
    clientAddress: opts ? clientAddress(opts.req.headers, env().trustedProxyHops) : null,
    setResponseHeader: (name, value) => opts?.resHeaders.set(name, value),
    guestToken: isWellFormedGuestToken(raw) ? raw : null,
    setGuestToken: (token) => opts?.resHeaders.append("set-cookie", guestCookie(token)),
  };
}
