import type { DomainEventPayload, OutboxMeta } from "@/server/vocabulary/events";
import type { Db } from "@/db/client";
import { notifications } from "@/db/schema";
import { consumeOnce } from "@/server/outbox";

export const WELCOME_CONSUMER = "customer-welcome";

/** Queues the welcome message for a new customer; a redelivered event queues nothing. */
export async function queueWelcomeMessage(db: Db, meta: OutboxMeta, payload: DomainEventPayload<"customer/registered">) {
  const outcome = await consumeOnce(db, WELCOME_CONSUMER, meta, async (tx) => {
    const [row] = await tx
      .insert(notifications)
      .values({
        userId: payload.userId,
        kind: "welcome",
        subject: `Welcome to Depot, ${payload.name}`,
        body: `Hi ${payload.name}, your Depot account for ${payload.email} is ready. Happy shopping!`,
      })
      .returning({ id: notifications.id });
    return row!.id;
  });
  return outcome.status;
}
