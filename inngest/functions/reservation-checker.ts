import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { checkStuckReservations } from "@/server/inventory";

/**
 * Every 15 minutes: stuck reservations (past their TTL, held for closed orders, shipped but never
 * committed) and reserved/live drifts raise one alert per new problem (WH-P0-02, OR-P0-03 safety net).
 */
export const reservationChecker = inngest.createFunction(
  { id: "reservation-checker", retries: 3, triggers: [cron("*/15 * * * *")] },
  async ({ step }) => step.run("check-stuck-reservations", () => checkStuckReservations(db())),
);
