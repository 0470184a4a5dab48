import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";

/**
 * An error answered by the tRPC route itself, before tRPC runs, in the envelope tRPC answers
 * with (superjson's `json`): the client shows the message as it would a procedure's error, for
 * one call or a whole batch (httpBatchLink hands a single error to every call of the batch).
 */
export function trpcErrorResponse(status: number, code: TRPC_ERROR_CODE_KEY, message: string): Response {
  const error = { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } };
  return Response.json({ error: superjson.serialize(error) }, { status });
}
