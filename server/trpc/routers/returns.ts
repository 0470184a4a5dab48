import { z } from "zod";
import { itemConditions, MIN_OVERRIDE_REASON, returnKinds, returnReasons, returnStatuses } from "@/server/vocabulary/returns";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { env } from "@/server/env";
import { dateInput } from "@/server/lib/db-values";
import { approveReturn, receiveReturn, rejectReturn, orderReturns, returnDetail, returnsOverview, requestReturn } from "@/server/returns";
import { buyerOrder } from "../buyer-order";
import { opsProcedure, publicProcedure, router } from "../init";
import { orderNumber } from "./orders";

const returnId = z.string().uuid("That is not a return id");

const requestInput = z.object({
  number: orderNumber,
  items: z
    .array(
      z.object({
        orderItemId: z.string().uuid("That is not an item of this order"),
        quantity: z.number({ error: "Choose how many units to return" }).int("Choose a whole number of units").min(1, "Return at least one unit").max(1000, "That is more units than the order has"),
        reason: z.enum(returnReasons, { error: "Choose a reason for each item" }),
      }),
    )
    .min(1, "Choose at least one item to return")
    .max(100, "A return can list at most 100 items"),
  kind: z.enum(returnKinds, { error: "Choose a refund or an exchange" }),
  note: z.string().trim().max(1000, "Keep the note under 1,000 characters").default(""),
});

export const returnsRouter = router({
  /** The buyer asks to return units of their own delivered order (a customer's by account, a guest's by this browser). */
  request: publicProcedure.input(requestInput).mutation(async ({ ctx, input }) => {
    const order = await buyerOrder(ctx, input.number);
    const actor = ctx.user ? { label: `user:${ctx.user.id}`, userId: ctx.user.id } : { label: "guest", userId: null };
    const created = await transaction((tx) => requestReturn(tx, order, input, actor, { windowDays: env().returnWindowDays }));
    return { number: created.return.number, status: created.return.status };
  }),
  /** The buyer's own order: whether it can be returned, what may still go back, and its returns so far. */
  forOrder: publicProcedure.input(z.object({ number: orderNumber })).query(async ({ ctx, input }) => {
    const order = await buyerOrder(ctx, input.number);
    return orderReturns(db(), order, env().returnWindowDays);
  }),

  list: opsProcedure
    .input(
      z.object({
        status: z.enum(returnStatuses, { error: "Choose a return status" }).optional(),
        before: z.object({ createdAt: dateInput("That page link is not valid"), id: z.string().uuid() }).optional(),
      }),
    )
    .query(({ input }) => returnsOverview(db(), input)),
  detail: opsProcedure.input(z.object({ returnId })).query(({ input }) => returnDetail(db(), input.returnId)),
  approve: opsProcedure.input(z.object({ returnId })).mutation(({ ctx, input }) => transaction((tx) => approveReturn(tx, ctx.user, input.returnId))),
  reject: opsProcedure
    .input(z.object({ returnId, reason: z.string().trim().min(3, "Say why the return is rejected (at least 3 characters)").max(500, "Keep the reason under 500 characters") }))
    .mutation(({ ctx, input }) => transaction((tx) => rejectReturn(tx, ctx.user, input.returnId, input.reason))),
  /** The parcel arrived: each item's condition and restock yes/no; refund and restock follow in the background. */
  receive: opsProcedure
    .input(
      z.object({
        returnId,
        items: z
          .array(
            z.object({
              itemId: z.string().uuid("That is not an item of this return"),
              condition: z.enum(itemConditions, { error: "Choose each item's condition" }),
              restock: z.boolean({ error: "Say whether each item goes back on the shelf" }),
              /** Restock an item inspected as damaged or unsellable anyway: explicit, with a reason (audited). */
              restockOverride: z
                .object({
                  reason: z
                    .string()
                    .trim()
                    .min(MIN_OVERRIDE_REASON, `Say why it goes back on the shelf (at least ${MIN_OVERRIDE_REASON} characters)`)
                    .max(500, "Keep the reason under 500 characters"),
                })
                .optional(),
            }),
          )
          .min(1, "Inspect every item of the return"),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => receiveReturn(tx, ctx.user, input.returnId, input.items))),
});
