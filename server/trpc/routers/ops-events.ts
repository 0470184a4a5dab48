import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { eventThroughput, listOutboxEvents, retryAllFailed, retryOutboxEvent } from "@/server/outbox";
import { opsProcedure, router } from "../init";

const eventName = z.string().trim().min(1, "Choose an event name").max(100, "An event name is at most 100 characters");

/** Outbox events for ops: unsent events, throughput per name, and retrying failed ones (audited). */
export const opsEventsRouter = router({
  list: opsProcedure
    .input(
      z.object({
        status: z.enum(["open", "pending", "failed"], { message: "Choose pending, failed, or both" }).default("open"),
        name: eventName.optional(),
        after: z.number().int("The page cursor must be a whole number").nonnegative("The page cursor must not be negative").optional(),
        limit: z.number().int().min(1, "Show at least 1 event").max(100, "Show at most 100 events per page").default(25),
      }),
    )
    .query(({ input }) => listOutboxEvents(db(), input)),
  throughput: opsProcedure.query(() => eventThroughput(db())),
  /** A failed event back to pending, due now; a no-op with a message when it is no longer failed. */
  retry: opsProcedure
    .input(z.object({ eventId: z.string().uuid("Choose an event from the list") }))
    .mutation(({ ctx, input }) => transaction((tx) => retryOutboxEvent(tx, ctx.user, input.eventId))),
  /** Every failed event of one name back to pending, in one audited statement. */
  retryAllFailed: opsProcedure
    .input(z.object({ name: eventName }))
    .mutation(({ ctx, input }) => transaction((tx) => retryAllFailed(tx, ctx.user, input.name))),
});
