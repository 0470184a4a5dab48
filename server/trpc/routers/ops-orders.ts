import { z } from "zod";
import { orderStatuses } from "@/server/vocabulary/orders";
import { db } from "@/db/client";
import { opsCancelOrder, overrideOrderStatus } from "@/server/ops";
import { MIN_REASON_LENGTH, searchOrders, orderTimeline } from "@/server/orders";
import { transaction } from "@/db/transaction";
import { opsProcedure, router } from "../init";

const number = z
  .string()
  .trim()
  .regex(/^[dD]\d{1,12}$/, "Enter an order number like D100001");
const day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be a date like 2025-01-31`)
    .optional();
const reason = z
  .string()
  .trim()
  .min(MIN_REASON_LENGTH, `Give a reason of at least ${MIN_REASON_LENGTH} characters`)
  .max(500, "Keep the reason under 500 characters");
const status = z.enum(orderStatuses, { error: "Choose a status from the list" });
const expectedVersion = z.number().int().positive().optional();
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Ops: find orders, read an order's whole timeline, cancel it or move a stuck one on (audited). */
export const opsOrdersRouter = router({
  search: opsProcedure
    .input(
      z.object({
        q: z.preprocess(blankToUndefined, z.string().trim().max(200, "Search for at most 200 characters").optional()),
        status: z.preprocess(blankToUndefined, status.optional()),
        from: z.preprocess(blankToUndefined, day("From")),
        to: z.preprocess(blankToUndefined, day("To")),
        sku: z.preprocess(blankToUndefined, z.string().trim().max(64, "A SKU is at most 64 characters").optional()),
        cursor: z.string().max(200, "This page of results is no longer valid").optional(),
        limit: z.number().int().min(1, "Show at least 1 order").max(100, "Show at most 100 orders a page").default(25),
      }),
    )
    .query(({ input }) => searchOrders(db(), input)),
  timeline: opsProcedure.input(z.object({ number })).query(({ input }) => orderTimeline(db(), input.number)),
  cancel: opsProcedure
    .input(z.object({ number, reason, expectedVersion }))
    .mutation(({ ctx, input }) => transaction((tx) => opsCancelOrder(tx, input.number, input.reason, ctx.user, { expectedVersion: input.expectedVersion }))),
  overrideStatus: opsProcedure
    .input(z.object({ number, to: status, reason, expectedVersion }))
    .mutation(({ ctx, input }) =>
      transaction((tx) => overrideOrderStatus(tx, input.number, input.to, input.reason, ctx.user, { expectedVersion: input.expectedVersion })),
    ),
});
