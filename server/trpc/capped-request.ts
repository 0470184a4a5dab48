import { getTRPCErrorShape, transformTRPCResponse, TRPCError } from "@trpc/server";
import { readBodyCapped, RequestBodyTooLargeError } from "@/server/lib/request-body";
import { appRouter } from "./routers";

/**
 * The 413 as a tRPC error response (through the router's error formatter and transformer), so
 * the client shows "The request is too large" like any other refusal. A batch client applies a
 * single error to every call of the batch.
 */
function payloadTooLarge(): Response {
  const config = appRouter._def._config;
  const error = new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: "The request is too large" });
  const shape = getTRPCErrorShape({ config, error, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  return Response.json(transformTRPCResponse(config, { error: shape }), { status: 413 });
}

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
    if (error instanceof RequestBodyTooLargeError) return payloadTooLarge();
    throw error;
  }
}
