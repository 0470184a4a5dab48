import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { commitStuckReservation, recheckDrift, releaseStuckReservation, stuckReservations } from "@/server/inventory";
import { EXTEND_MAX_MINUTES, EXTEND_MIN_MINUTES, extendReservation } from "@/server/orders";
import { opsProcedure, router } from "../init";

const reservationId = z.string().uuid("Choose a reservation from the list");
const reason = z.string().trim().max(500, "Keep the reason under 500 characters");

/** Stuck reservations (WH-P0-02, OR-P0-03 safety net): find them, release, extend, commit, re-check drift. */
export const opsReservationsRouter = router({
  stuck: opsProcedure.query(() => stuckReservations(db())),
  release: opsProcedure
    .input(
      z.object({
        reservationId,
        reason: reason.min(3, "Say why you release this reservation (at least 3 characters)"),
        force: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => releaseStuckReservation(tx, ctx.user, input))),
  extend: opsProcedure
    .input(
      z.object({
        reservationId,
        minutes: z
          .number("Give the minutes as a number")
          .int("Give whole minutes")
          .min(EXTEND_MIN_MINUTES, `Extend by at least ${EXTEND_MIN_MINUTES} minute`)
          .max(EXTEND_MAX_MINUTES, `Extend by at most ${EXTEND_MAX_MINUTES} minutes (a day)`),
        reason: reason.optional(),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => extendReservation(tx, ctx.user, input))),
  commit: opsProcedure
    .input(z.object({ reservationId, reason: reason.optional() }))
    .mutation(({ ctx, input }) => transaction((tx) => commitStuckReservation(tx, ctx.user, input))),
  recheck: opsProcedure
    .input(
      z.object({
        warehouseId: z.string().uuid("Choose a warehouse from the list"),
        productId: z.string().uuid("Choose a product from the list"),
        reason: reason.optional(),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => recheckDrift(tx, ctx.user, input))),
});
