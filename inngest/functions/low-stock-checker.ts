import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { checkLowStock } from "@/server/inventory";

/**
 * Every 15 minutes: levels at or below their low-stock threshold raise one alert per low spell,
 * whatever took the stock (shipments, write-offs, imports), and recovered levels close theirs (WH-P1-02).
 */
export const lowStockChecker = inngest.createFunction(
  { id: "low-stock-checker", retries: 3, triggers: [cron("*/15 * * * *")] },
  async ({ step }) => step.run("check-low-stock", () => checkLowStock(db())),
);
