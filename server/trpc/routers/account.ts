import { transaction } from "@/server/outbox/flush";
import { registerCustomer, registerCustomerInput } from "@/server/users/register";
import { addressSubject } from "@/server/rate-limits";
import { authedProcedure, publicProcedure, rateLimited, router } from "../init";

export const accountRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  register: publicProcedure
    .use(rateLimited("register", (ctx) => addressSubject(ctx.clientAddress)))
    .input(registerCustomerInput)
    .mutation(({ input }) => transaction((tx) => registerCustomer(tx, input))),
  session: authedProcedure.query(({ ctx }) => ({ role: ctx.user.role, warehouseId: ctx.user.warehouseId })),
});
