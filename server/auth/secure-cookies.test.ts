import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { getDbHandle } from "@/db/client";
import { DEMO_PASSWORD } from "@/db/seed-data";

afterAll(() => getDbHandle().close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** What next-auth's handler answered: its Set-Cookie lines and JSON body. */
type Answer = { cookies: string[]; body: unknown };

/**
 * next-auth's own handler (its request/response form, which needs no Next.js request scope) with
 * the app's options for an APP_URL, NEXTAUTH_URL unset, as a deployment that sets only APP_URL.
 */
async function authCall(appUrl: string, action: string[], request: { method: string; cookies?: Record<string, string>; body?: Record<string, string> }): Promise<Answer> {
  vi.stubEnv("APP_URL", appUrl);
  vi.stubEnv("NEXTAUTH_URL", undefined);
  vi.resetModules();
  const { authOptions } = await import("@/server/auth/options");
  const answer: Answer = { cookies: [], body: undefined };
  const headers: Record<string, string | string[]> = {};
  const res = {
    status: () => res,
    getHeader: (name: string) => headers[name.toLowerCase()],
    setHeader: (name: string, value: string | string[]) => {
      headers[name.toLowerCase()] = value;
      if (name.toLowerCase() === "set-cookie") answer.cookies = [value].flat();
      return res;
    },
    send: (body: unknown) => void (answer.body = body),
    json: (body: unknown) => void (answer.body = body),
    end: () => undefined,
  };
  const req = { query: { nextauth: action }, method: request.method, cookies: request.cookies ?? {}, body: request.body, headers: { host: new URL(appUrl).host } };
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions());
  return answer;
}

const cookieNamed = (answer: Answer, suffix: string) => answer.cookies.find((line) => line.split("=")[0]!.endsWith(suffix));

async function signIn(appUrl: string) {
  const csrf = await authCall(appUrl, ["csrf"], { method: "GET" });
  const csrfLine = cookieNamed(csrf, "next-auth.csrf-token")!;
  const [name, value] = csrfLine.split(";")[0]!.split("=");
  const { csrfToken } = csrf.body as { csrfToken: string };
  const signedIn = await authCall(appUrl, ["callback", "credentials"], {
    method: "POST",
    cookies: { [name!]: decodeURIComponent(value!) },
    body: { csrfToken, email: "alice@example.com", password: DEMO_PASSWORD, json: "true" },
  });
  return { csrf: csrfLine, session: cookieNamed(signedIn, "next-auth.session-token") };
}

describe("session cookies follow APP_URL's scheme (issue 11 item 3)", () => {
  it("are Secure, with __Secure-/__Host- names, when APP_URL is https, and plain over http (where a browser would drop Secure ones)", async () => {
    const https = await signIn("https://shop.example.com");
    expect(https.session).toMatch(/^__Secure-next-auth\.session-token=[^;]+;.*HttpOnly/);
    expect(https.session).toMatch(/; Secure(;|$)/);
    expect(https.csrf).toMatch(/^__Host-next-auth\.csrf-token=[^;]+;.*; Secure(;|$)/);

    const http = await signIn("http://127.0.0.1:3000");
    expect(http.session).toMatch(/^next-auth\.session-token=[^;]+;.*HttpOnly/);
    expect(http.session).not.toMatch(/Secure/);
    expect(http.csrf).not.toMatch(/Secure/);
  });
});
