import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, ZodRealError } from "zod";
import type { Role } from "@/server/vocabulary/users";
import { access, type Access } from "@/server/auth";
import { isDomainError } from "@/server/lib/errors";
import { fieldErrorsOf } from "@/server/lib/field-errors";
import { logger } from "@/server/lib/logging";
import { metrics } from "@/server/lib/metrics";
import { addressSubject, rateLimits, type LimitName } from "@/server/rate-limits";
import type { Context } from "./context";
import { buyerSubject } from "./cart-owner";
import { toTrpcError } from "./errors";
import { findUnacceptableText } from "./input-guard";

type Meta = {
  /** Limits a call counts against besides the per-address ceiling every call counts against. */
  limits?: ProcedureLimit[];
  /** Who may call it: set by the role check (requireAccess), so tests can tell staff procedures from the router itself. */
  access?: Access;
  /**
   * A staff mutation that changes nothing (it only checks, like a scan against a pick line)
   * says why here; every other staff mutation writes an audit row (audit-coverage.test.ts).
   */
  changesNothing?: string;
};
type ProcedureLimit = Exclude<LimitName, "api" | "route" | "passwordResetPerAccount">;

const t = initTRPC.context<Context>().meta<Meta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : undefined;
    // Never leak internals: unexpected errors reach the client as a generic message, and
    // validation errors as the sentences people can act on rather than zod's JSON.
    const message =
      error.code === "INTERNAL_SERVER_ERROR"
        ? "Something went wrong on our side. Please try again."
        : zod
          ? zod.issues.map((i) => i.message).join(". ")
          : shape.message;
    const domain = isDomainError(error.cause) ? error.cause : undefined;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        stack: undefined,
        /** Validation messages by field path, e.g. "address.postalCode". */
        fieldErrors: zod ? fieldErrorsOf(zod) : domainFieldErrors(domain?.details?.fieldErrors),
        /** A domain error's machine-readable reason (e.g. "out_of_stock") and details for the UI. */
        reason: typeof domain?.details?.reason === "string" ? domain.details.reason : undefined,
        details: domain?.details,
      },
    };
  },
});

/** A domain error may name the field it is about (`details.fieldErrors`, e.g. the refused card). */
function domainFieldErrors(value: unknown): Record<string, string[]> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) out[field] = messages.filter((m): m is string => typeof m === "string");
  }
  return out;
}

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Maps domain errors to tRPC errors, logs unexpected ones, and counts calls by result. */
const observe = t.middleware(async ({ next, path, type, ctx }) => {
  const result = await next();
  let code = "OK";
  try {
    if (!result.ok) {
      const mapped = toTrpcError(result.error);
      code = (mapped ?? result.error).code;
      if (mapped?.code === "SERVICE_UNAVAILABLE") logger.warn({ err: mapped.cause, path, requestId: ctx.requestId }, "procedure refused: database busy");
      const retryAfter = isDomainError(mapped?.cause) ? mapped.cause.details?.retryAfterSeconds : undefined;
      if (typeof retryAfter === "number") ctx.setResponseHeader("Retry-After", String(retryAfter));
      if (mapped) throw mapped;
      if (result.error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ err: result.error.cause ?? result.error, path, requestId: ctx.requestId }, "procedure failed");
      }
    }
    return result;
  } finally {
    metrics.procedureCalls.inc({ path, type, code });
  }
});

/** Whom each limit counts: the client's address (network), or the buyer (account or guest cart). */
const subjectOf: Record<ProcedureLimit | "api", (ctx: Context) => string> = {
  api: (ctx) => addressSubject(ctx.clientAddress),
  register: (ctx) => addressSubject(ctx.clientAddress),
  orderLookup: (ctx) => addressSubject(ctx.clientAddress),
  passwordResetPerAddress: (ctx) => addressSubject(ctx.clientAddress),
  placeOrderPerAddress: (ctx) => addressSubject(ctx.clientAddress),
  placeOrderPerBuyer: buyerSubject,
};

/**
 * Every call counts against the per-address ceiling, and against the limits its procedure names
 * in `meta.limits`, all at once (GW-P0-02, SE-P2-01); 429 with Retry-After once one is spent.
 */
const rateLimited = t.middleware(async ({ ctx, meta, next }) => {
  const names = ["api" as const, ...(meta?.limits ?? [])];
  await rateLimits().requests.consumeAll(names.map((name) => [name, subjectOf[name](ctx)] as const));
  return next();
});

/**
 * Refuses, for every procedure, raw input holding text no procedure accepts (NUL, broken
 * characters, control characters: see input-guard.ts) before roles and schemas are checked.
 * The issue travels as a ZodError so the client gets the usual message and fieldErrors.
 */
const refuseUnacceptableText = t.middleware(async ({ getRawInput, next }) => {
  const issue = findUnacceptableText(await getRawInput());
  if (issue) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: issue.message,
      // ZodRealError is the Error subclass zod throws (a plain ZodError would not survive as the cause).
      cause: new ZodRealError([{ code: "custom", path: issue.path, message: issue.message, input: undefined }]),
    });
  }
  return next();
});

// The ceiling first (a flood is refused before its input is even read), then the text guard.
export const publicProcedure = t.procedure.use(observe).use(rateLimited).use(refuseUnacceptableText);

/** Signed in with one of the roles of `area`; the user is non-null in the resolver. */
function requireAccess(area: Access) {
  const roles: readonly Role[] = access[area];
  return publicProcedure.meta({ access: area }).use(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in first." });
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your account is not allowed to do this." });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in first." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
export const customerProcedure = requireAccess("customer");
export const staffProcedure = requireAccess("staff");
export const pickerProcedure = requireAccess("picker");
export const packerProcedure = requireAccess("packer");
export const warehouseManagerProcedure = requireAccess("warehouseManager");
export const opsProcedure = requireAccess("ops");
export const shippingProcedure = requireAccess("shipping");
export const shippingSupervisorProcedure = requireAccess("shippingSupervisor");
export const adminProcedure = requireAccess("admin");
