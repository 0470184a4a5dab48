import { Inngest } from "inngest";
import { env } from "@/server/env";
import { logger } from "@/server/lib/logging";

function createClient() {
  const settings = env().inngest;
  const log = logger.child({ component: "inngest" });
  if (settings.kind === "embedded") {
    // Dev mode pointed at the local executor on loopback (inngest/local-executor). Unsigned
    // requests are accepted only in this mode; every other mode needs INNGEST_SIGNING_KEY.
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

export const inngest = createClient();
