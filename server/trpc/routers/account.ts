import { transaction } from "@/db/transaction";
import { registerCustomer, registerCustomerInput } from "@/server/users";
import { authedProcedure, publicProcedure, router } from "../init";

export const accountRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  register: publicProcedure
    .meta({ limits: ["register"] })
    .input(registerCustomerInput)
    .mutation(({ input }) => transaction((tx) => registerCustomer(tx, input))),
  session: authedProcedure.query(({ ctx }) => ({ role: ctx.user.role, warehouseId: ctx.user.warehouseId })),
});
