import { cron } from "inngest";
import { outboxFlush } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { env } from "@/server/env";
import { relayUntilEmpty, type RelayEvent } from "@/server/outbox";

/** Sends the events as they are: the outbox id is the event id, so Inngest drops re-sends. */
export async function sendToInngest(events: RelayEvent[]): Promise<void> {
  await inngest.send(events);
}

/**
 * The outbox relay: runs when a transaction that wrote outbox rows commits (outbox/flush) and
 * every minute as a backstop. Safe to run many at once (FOR UPDATE SKIP LOCKED).
 */
export const outboxRelay = inngest.createFunction(
  {
    id: "outbox-relay",
    retries: 3,
    triggers: [outboxFlush, cron("* * * * *")],
    // Many flushes in a burst need only a few relays; the rest would find nothing to claim.
    concurrency: { limit: 4 },
  },
  async ({ step }) => {
    const { batchSize, maxAttempts } = env().outbox;
    return step.run("relay-pending-events", () =>
      relayUntilEmpty(db(), { send: sendToInngest, batchSize, maxAttempts, maxBatches: 50 }),
    );
  },
);
