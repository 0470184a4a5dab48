import { createHash } from "node:crypto";
import { type z } from "zod";
import type { Db } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";
import { logger } from "@/server/lib/logging";
import { storableHint } from "@/server/lib/pg-text";

/** The webhook_events outcome of a verified body that is not a valid event (keyed by its hash). */
export const MALFORMED_WEBHOOK_OUTCOME = "malformed";
export const MALFORMED_WEBHOOK_ALERT = "webhook_malformed";

const MAX_PROBLEMS = 10;

/** A validly signed body that is not a valid event: the route answers 400 with the problems. */
export class MalformedWebhookError extends Error {
  constructor(
    what: string,
    readonly problems: string[],
  ) {
    super(`${what} is invalid: ${problems.join("; ")}`);
    this.name = "MalformedWebhookError";
  }
}

/** zod's issues as `path: message` sentences (at most ten), safe to store. */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.slice(0, MAX_PROBLEMS).map((issue) => storableHint(`${issue.path.join(".") || "body"}: ${issue.message}`, 500)!);
}

/** Parses a verified raw body with `schema`; throws MalformedWebhookError saying what is wrong. */
export function parseWebhookBody<S extends z.ZodType>(schema: S, rawBody: string, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new MalformedWebhookError(what, ["body: not JSON"]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new MalformedWebhookError(what, problemsOf(parsed.error));
  return parsed.data;
}

function envelopeHints(rawBody: string): { type: string | undefined; eventId: string | undefined } {
  try {
    const json: unknown = JSON.parse(rawBody);
    const envelope = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
    return { type: storableHint(envelope.type, 100), eventId: storableHint(envelope.id) };
  } catch {
    return { type: undefined, eventId: undefined };
  }
}

/**
 * Records a malformed delivery for ops, once per distinct body however often the sender retries
 * it (and retry it will: the answer is non-2xx): a webhook_events row keyed by the body's SHA-256
 * and, with the first one only, an alert on the ops console. Returns whether this was the first.
 */
export async function recordMalformedWebhook(db: Db, input: { provider: string; rawBody: string; problems: string[] }): Promise<boolean> {
  const bodySha256 = createHash("sha256").update(input.rawBody, "utf8").digest("hex");
  const hints = envelopeHints(input.rawBody);
  const context = { provider: input.provider, bodySha256, ...hints, problems: input.problems };
  const first = await transaction(async (tx) => {
    const recorded = await tx
      .insert(webhookEvents)
      .values({ provider: input.provider, eventId: `sha256:${bodySha256}`, type: hints.type ?? "(none)", outcome: MALFORMED_WEBHOOK_OUTCOME })
      .onConflictDoNothing()
      .returning({ eventId: webhookEvents.eventId });
    if (recorded.length === 0) return false;
    await raiseAlert(tx, {
      kind: MALFORMED_WEBHOOK_ALERT,
      severity: "critical",
      message:
        `A ${input.provider} webhook signed with our secret is not a valid event, so it was refused (400) and the sender ` +
        `will keep retrying it: ${input.problems.join("; ")}. Check the sender's API version and who holds the webhook secret.`,
      details: { ...context, bytes: Buffer.byteLength(input.rawBody, "utf8") },
    });
    return true;
  }, db);
  if (!first) logger.info(context, "malformed webhook delivered again; already recorded");
  return first;
}
