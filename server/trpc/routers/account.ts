import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { deleteAccountInput, deleteCustomerAccount, exportCustomerData } from "@/server/privacy";
import {
  accountLinkInput,
  changePassword,
  changePasswordInput,
  confirmEmailChange,
  getProfile,
  passwordResetRequestInput,
  profileInput,
  registerCustomer,
  registerCustomerInput,
  requestPasswordReset,
  resetPassword,
  resetPasswordInput,
  updateProfile,
} from "@/server/users";
import { authedProcedure, customerProcedure, publicProcedure, router } from "../init";

export const accountRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  register: publicProcedure
    .meta({ limits: ["register"] })
    .input(registerCustomerInput)
    .mutation(({ input }) => transaction((tx) => registerCustomer(tx, input))),
  session: authedProcedure.query(({ ctx }) => ({ role: ctx.user.role, warehouseId: ctx.user.warehouseId })),
  profile: customerProcedure.query(({ ctx }) => getProfile(db(), ctx.user.id)),
  updateProfile: customerProcedure.input(profileInput).mutation(({ ctx, input }) => transaction((tx) => updateProfile(tx, ctx.user.id, input))),
  /** The emailed link is the credential: whoever holds it confirms, signed in or not. */
  confirmEmailChange: publicProcedure.input(accountLinkInput).mutation(({ input }) => transaction((tx) => confirmEmailChange(tx, input.token))),
  changePassword: customerProcedure.input(changePasswordInput).mutation(({ ctx, input }) => transaction((tx) => changePassword(tx, ctx.user.id, input))),
  /** The same answer whether or not the email has an account. */
  requestPasswordReset: publicProcedure
    .meta({ limits: ["passwordResetPerAddress"] })
    .input(passwordResetRequestInput)
    .mutation(async ({ input }) => {
      await transaction((tx) => requestPasswordReset(tx, input));
      return { sent: true as const };
    }),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ input }) => transaction((tx) => resetPassword(tx, input))),
  exportData: customerProcedure.query(({ ctx }) => exportCustomerData(db(), ctx.user.id)),
  deleteAccount: customerProcedure.input(deleteAccountInput).mutation(({ ctx, input }) => transaction((tx) => deleteCustomerAccount(tx, ctx.user, input))),
});
