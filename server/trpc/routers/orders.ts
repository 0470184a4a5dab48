import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { env } from "@/server/env";
import { cancelOrderByCustomer } from "@/server/checkout";
import { toCustomerOrderView, customerOrders, orderByNumberAndEmail } from "@/server/orders";
import { buyerOrder } from "../buyer-order";
import { customerProcedure, publicProcedure, router } from "../init";

export const orderNumber = z.string().trim().toUpperCase().regex(/^D\d{6,}$/, "Order numbers look like D100001");

const customerPolicy = () => ({ cancellationWindowMinutes: env().cancellationWindowMinutes });

export const ordersRouter = router({
  mine: customerProcedure.query(({ ctx }) => customerOrders(db(), ctx.user.id)),
  /** One order of the caller: a customer's own, or the one this guest browser placed. */
  get: publicProcedure.input(z.object({ number: orderNumber })).query(async ({ ctx, input }) => toCustomerOrderView(await buyerOrder(ctx, input.number), customerPolicy())),
  /** The buyer cancels their own order inside the cancellation window (OR-P1-04). */
  cancel: publicProcedure.input(z.object({ number: orderNumber })).mutation(async ({ ctx, input }) => {
    const order = await buyerOrder(ctx, input.number);
    const actor = ctx.user ? `user:${ctx.user.id}` : "guest";
    const cancelled = await transaction((tx) => cancelOrderByCustomer(tx, { orderId: order.id, windowMinutes: env().cancellationWindowMinutes, actor }));
    return { number: cancelled.number, status: cancelled.status };
  }),
  /** Guests: number and email must both match. Numbers are sequential, so lookups are limited per address. */
  lookup: publicProcedure
    .meta({ limits: ["orderLookup"] })
    .input(z.object({ number: orderNumber, email: z.string().trim().email("Enter the email you ordered with") }))
    .query(async ({ input }) => toCustomerOrderView(await orderByNumberAndEmail(db(), input.number, input.email), customerPolicy())),
});
