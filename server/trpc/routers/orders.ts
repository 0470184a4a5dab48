import { z } from "zod";
import { db } from "@/db/client";
import { hashGuestToken } from "@/server/cart/owner";
import { DomainError } from "@/server/lib/errors";
import { customerOrder, customerOrders, guestOrder, orderByNumberAndEmail } from "@/server/orders/queries";
import { customerProcedure, publicProcedure, router } from "../init";

const orderNumber = z.string().trim().toUpperCase().regex(/^D\d{6,}$/, "Order numbers look like D100001");

export const ordersRouter = router({
  mine: customerProcedure.query(({ ctx }) => customerOrders(db(), ctx.user.id)),
  /** One order of the caller: a customer's own, or the one this guest browser placed. */
  get: publicProcedure.input(z.object({ number: orderNumber })).query(({ ctx, input }) => {
    if (ctx.user?.role === "customer") return customerOrder(db(), ctx.user.id, input.number);
    if (!ctx.user && ctx.guestToken) return guestOrder(db(), hashGuestToken(ctx.guestToken), input.number);
    throw new DomainError("NOT_FOUND", "We couldn't find that order.");
  }),
  /** Guests: number and email must both match. */
  lookup: publicProcedure
    .input(z.object({ number: orderNumber, email: z.string().trim().email("Enter the email you ordered with") }))
    .query(({ input }) => orderByNumberAndEmail(db(), input.number, input.email)),
});
