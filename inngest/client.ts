import { randomBytes } from "node:crypto";
import { Inngest } from "inngest";
import { env, type Env } from "@/server/env";
import { logger } from "@/server/lib/logging";

type LogArg = unknown;

/**
 * The app's logger for the SDK, except that a refused signature (an outside caller's doing, and
 * something anyone can send in bulk) is one warn line with the reason, not an error with a stack.
 */
function sdkLogger() {
  const log = logger.child({ component: "inngest" });
  return {
    info: (...args: LogArg[]) => log.info(...(args as [object, string])),
    warn: (...args: LogArg[]) => log.warn(...(args as [object, string])),
    debug: (...args: LogArg[]) => log.debug(...(args as [object, string])),
    error: (...args: LogArg[]) => {
      const [fields, message] = args as [{ err?: unknown; method?: unknown } | undefined, unknown];
      if (message === "Signature validation failed") {
        const reason = fields?.err instanceof Error ? fields.err.message : String(fields?.err);
        return log.warn({ method: fields?.method, reason }, "refused a call to /api/inngest: signature validation failed");
      }
      log.error(...(args as [object, string]));
    },
  };
}

/**
 * The SDK runs in its signed (cloud) mode in every setting but INNGEST_DEV=1 (an `inngest dev`
 * server, development only): the serve endpoint verifies each call's X-Inngest-Signature with
 * the signing key. Embedded mode points the client at the local executor on loopback, which
 * signs with the local signing key as an Inngest server would.
 */
export function createInngestClient(settings: Env["inngest"]) {
  const log = sdkLogger();
  if (settings.kind === "embedded") {
    if (!settings.signingKey) {
      log.warn("no INNGEST_LOCAL_SIGNING_KEY: /api/inngest refuses every call (start Depot with npm run dev or npm start)");
    }
    return new Inngest({
      id: "depot",
      isDev: false,
      baseUrl: settings.localUrl,
      // Without a key nobody can sign, so nothing runs: a key no one knows fails closed.
      signingKey: settings.signingKey ?? `signkey-unset-${randomBytes(32).toString("hex")}`,
      eventKey: settings.eventKey,
      logger: log,
      checkpointing: false,
    });
  }
  return new Inngest({
    id: "depot",
    isDev: settings.dev,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.signingKey ? { signingKey: settings.signingKey } : {}),
    eventKey: settings.eventKey,
    logger: log,
  });
}

export const inngest = createInngestClient(env().inngest);
