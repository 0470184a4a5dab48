import { Inngest } from "inngest";
import { env, type Env } from "@/server/env";
import { logger } from "@/server/lib/logging";

/**
 * Embedded mode: dev mode pointed at the local executor on loopback (inngest/local-executor);
 * only then does the serve endpoint accept unsigned requests. Every other mode is cloud mode,
 * where the SDK verifies INNGEST_SIGNING_KEY on each request.
 */
export function createInngestClient(settings: Env["inngest"]) {
  const log = logger.child({ component: "inngest" });
  if (settings.kind === "embedded") {
    return new Inngest({
      id: "depot",
      isDev: true,
      baseUrl: settings.localUrl,
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
