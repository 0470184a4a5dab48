/**
 * A guest shopper over plain HTTP: tRPC v11's non-batched wire format with the superjson
 * transformer, and a one-cookie jar for the guest cart cookie (`depot_cart`).
 *
 *   mutation: POST /api/trpc/<path>  body {"json": input}
 *   query:    GET  /api/trpc/<path>?input=<{"json": input}>
 *   answer:   {"result": {"data": {"json": value}}}  or  {"error": {"json": {message, code, data}}}
 *
 * Only plain JSON values travel in the bench's inputs and answers, so no superjson `meta` is
 * read or written.
 */

const CART_COOKIE = "depot_cart";
const REQUEST_TIMEOUT_MS = 120_000;

/** An error answer from a procedure (or an unreadable answer), with tRPC's code when known. */
export class TrpcCallError extends Error {
  constructor(
    readonly path: string,
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(`${path}: ${code ? `${code}: ` : ""}${message}`);
    this.name = "TrpcCallError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The address of bench client `index`, as a proxy in front of Depot would report it
 * (X-Forwarded-For, with TRUSTED_PROXY_HOPS=1): each client is a shopper on a network of its own.
 */
export function benchClientAddress(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

export class GuestClient {
  private cookie: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly options: { clientAddress?: string } = {},
  ) {}

  /** Forgets the guest cookie: the next call starts a new guest (and a new cart). */
  reset(): void {
    this.cookie = undefined;
  }

  mutation(path: string, input: unknown): Promise<unknown> {
    return this.call(path, `${this.baseUrl}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    });
  }

  query(path: string, input: unknown): Promise<unknown> {
    const query = encodeURIComponent(JSON.stringify({ json: input }));
    return this.call(path, `${this.baseUrl}/api/trpc/${path}?input=${query}`, { method: "GET" });
  }

  private async call(path: string, url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<unknown> {
    // The app refuses a mutation that names no origin of its own (CSRF check), as a browser would send it.
    const headers: Record<string, string> = { origin: new URL(this.baseUrl).origin, ...init.headers };
    if (this.cookie) headers.cookie = `${CART_COOKIE}=${this.cookie}`;
    if (this.options.clientAddress) headers["x-forwarded-for"] = this.options.clientAddress;
    const response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    this.keepCookie(response.headers);
    return readTrpcAnswer(path, response);
  }

  private keepCookie(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0 || pair.slice(0, eq).trim() !== CART_COOKIE) continue;
      const value = pair.slice(eq + 1).trim();
      this.cookie = value === "" ? undefined : value;
    }
  }
}

/** The value of a non-batched tRPC answer (superjson's `json` part), or a TrpcCallError for an error answer. */
export async function readTrpcAnswer(path: string, response: Response): Promise<unknown> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TrpcCallError(path, `HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`, undefined, response.status);
  }
  if (isRecord(body) && isRecord(body.error)) {
    const error = isRecord(body.error.json) ? body.error.json : body.error;
    const data = isRecord(error.data) ? error.data : {};
    const message = typeof error.message === "string" ? error.message : JSON.stringify(error);
    const code = typeof data.code === "string" ? data.code : undefined;
    const reason = typeof data.reason === "string" ? ` (${data.reason})` : "";
    throw new TrpcCallError(path, `${message}${reason}`, code, response.status);
  }
  if (isRecord(body) && isRecord(body.result) && isRecord(body.result.data) && "json" in body.result.data) {
    return body.result.data.json;
  }
  throw new TrpcCallError(path, `HTTP ${response.status}, unexpected answer: ${text.slice(0, 200)}`, undefined, response.status);
}

/** Reads `field` of an answer as a string, or throws naming the procedure. */
export function stringField(path: string, value: unknown, field: string): string {
  const v = isRecord(value) ? value[field] : undefined;
  if (typeof v !== "string") throw new TrpcCallError(path, `answer has no string "${field}": ${JSON.stringify(value)?.slice(0, 200)}`, undefined, 200);
  return v;
}

/** Reads `field` of an answer as a boolean, or throws naming the procedure. */
export function booleanField(path: string, value: unknown, field: string): boolean {
  const v = isRecord(value) ? value[field] : undefined;
  if (typeof v !== "boolean") throw new TrpcCallError(path, `answer has no boolean "${field}": ${JSON.stringify(value)?.slice(0, 200)}`, undefined, 200);
  return v;
}
