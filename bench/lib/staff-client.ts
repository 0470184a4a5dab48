/**
 * A signed-in staff member over plain HTTP: next-auth's credentials sign-in (the same requests
 * the sign-in form's `signIn("credentials")` makes), then tRPC calls with the session cookie, in
 * the wire format of guest-client.ts.
 *
 *   GET  /api/auth/csrf                    → {"csrfToken"} + the csrf cookie
 *   POST /api/auth/callback/credentials    form: csrfToken, email, password, callbackUrl, json=true
 *                                          → the session cookie (next-auth.session-token: a JWT)
 *
 * The jar keeps every cookie the app sets (name → value), without paths or expiry: one client
 * talks to one app for a few minutes.
 */
import { readTrpcAnswer } from "./guest-client";

const REQUEST_TIMEOUT_MS = 120_000;

export class StaffClient {
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    readonly email: string,
  ) {}

  /** Signs in with email and password; throws unless the app set a session cookie. */
  async signIn(password: string): Promise<void> {
    const csrf = await this.fetch("/api/auth/csrf", { method: "GET" });
    const { csrfToken } = (await csrf.json()) as { csrfToken?: unknown };
    if (typeof csrfToken !== "string") throw new Error(`sign-in ${this.email}: no csrf token (HTTP ${csrf.status})`);
    const answer = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: this.email, password, callbackUrl: `${this.baseUrl}/console`, json: "true" }).toString(),
    });
    await answer.body?.cancel();
    if (![...this.jar.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
      throw new Error(`sign-in ${this.email}: no session cookie (HTTP ${answer.status}, ${answer.headers.get("location") ?? "no redirect"})`);
    }
  }

  async mutation(path: string, input: unknown): Promise<unknown> {
    const response = await this.fetch(`/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    });
    return readTrpcAnswer(path, response);
  }

  async query(path: string, input: unknown): Promise<unknown> {
    const response = await this.fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { method: "GET" });
    return readTrpcAnswer(path, response);
  }

  private async fetch(path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
    // The app refuses sign-ins and mutations that name no origin of its own (CSRF check), as a browser would send them.
    const headers: Record<string, string> = { origin: new URL(this.baseUrl).origin, ...init.headers };
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "") this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return response;
  }
}
