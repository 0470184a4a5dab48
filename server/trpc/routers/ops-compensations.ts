import { z } from "zod";
import { compensationOperations, compensationStatuses } from "@/server/vocabulary/compensations";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { discardCompensation, MIN_DISCARD_REASON, compensationDetail, compensationProgress, listCompensations, replayCompensations } from "@/server/compensations";
import { opsProcedure, router } from "../init";

const compensationId = z.string().uuid("Choose a failed compensation from the list");
const ids = z
  .array(compensationId)
  .min(1, "Select at least one failed compensation")
  .max(200, "Replay at most 200 at a time");

/** The failed-compensation DLQ: list, inspect, replay (through the retry's Inngest path) and discard. */
export const opsCompensationsRouter = router({
  list: opsProcedure
    .input(
      z.object({
        operation: z.enum(compensationOperations, "Choose an operation from the list").optional(),
        status: z.enum(compensationStatuses, "Choose a status from the list").optional(),
        olderThanHours: z.number().int("Give the age in whole hours").min(1, "The age is at least 1 hour").max(8760, "The age is at most 8760 hours (a year)").optional(),
        orderNumber: z.string().trim().max(32, "An order number is at most 32 characters").optional(),
        cursor: z.string().max(200, "That page link is not valid").optional(),
        limit: z.number().int().min(1).max(200, "Show at most 200 at a time").default(50),
      }),
    )
    .query(({ input }) => listCompensations(db(), { ...input, orderNumber: input.orderNumber || undefined })),
  detail: opsProcedure.input(z.object({ id: compensationId })).query(({ input }) => compensationDetail(db(), input.id)),
  /** Where replays of these rows stand (bulk replay progress). */
  progress: opsProcedure.input(z.object({ ids })).query(({ input }) => compensationProgress(db(), input.ids)),
  replay: opsProcedure.input(z.object({ ids })).mutation(({ ctx, input }) => transaction((tx) => replayCompensations(tx, input.ids, ctx.user))),
  discard: opsProcedure
    .input(
      z.object({
        id: compensationId,
        reason: z
          .string()
          .trim()
          .min(MIN_DISCARD_REASON, `Say why it is discarded, in at least ${MIN_DISCARD_REASON} characters`)
          .max(1000, "Keep the reason under 1000 characters"),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => discardCompensation(tx, input, ctx.user))),
});
