import { readBodyCapped, RequestBodyTooLargeError } from "@/server/lib/request-body";
import { trpcErrorResponse } from "./error-response";

/**
 * The tRPC fetch adapter reads the request body itself, with no limit (GW-P1-03): read it here
 * under `limitBytes` instead and hand the adapter an equal request holding the buffered body, or
 * answer 413 without reading the rest. Bodiless requests (GET queries) pass untouched.
 */
export async function withCappedBody(request: Request, limitBytes: number): Promise<Request | Response> {
  if (!request.body || request.method === "GET" || request.method === "HEAD") return request;
  try {
    const body = await readBodyCapped(request, limitBytes);
    return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
  } catch (error) {
    // A tRPC error the client shows like any other refusal ("The request is too large").
    if (error instanceof RequestBodyTooLargeError) return trpcErrorResponse(413, "PAYLOAD_TOO_LARGE", "The request is too large");
    throw error;
  }
}
