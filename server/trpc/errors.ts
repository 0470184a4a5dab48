import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { isDomainError, type DomainErrorCode } from "@/server/lib/errors";
import { isDatabaseTimeout } from "@/server/lib/pg-errors";

const toTrpc: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID_INPUT: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHENTICATED: "UNAUTHORIZED",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/**
 * The one place domain errors become tRPC errors. A database timeout (statement or lock) is a
 * busy database, not a bug: the caller is told to try again. Anything else stays an internal error.
 */
export function toTrpcError(error: unknown): TRPCError | undefined {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (isDomainError(cause)) return new TRPCError({ code: toTrpc[cause.code], message: cause.message, cause });
  if (isDatabaseTimeout(cause)) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "Depot is very busy right now. Please try again in a moment.", cause });
  }
  return undefined;
}
