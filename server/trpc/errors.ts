import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { isDomainError, type DomainErrorCode } from "@/server/lib/errors";

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

/** The one place domain errors become tRPC errors; anything else stays an internal error. */
export function toTrpcError(error: unknown): TRPCError | undefined {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (!isDomainError(cause)) return undefined;
  return new TRPCError({ code: toTrpc[cause.code], message: cause.message, cause });
}
