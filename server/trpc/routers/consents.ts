import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { consentState, updateConsent, updateConsentInput } from "@/server/users";
import { customerProcedure, router } from "../init";

/** Marketing consent and preferences with their history (issue 14, CS-P1-03). */
export const consentsRouter = router({
  get: customerProcedure.query(({ ctx }) => consentState(db(), ctx.user.id)),
  update: customerProcedure.input(updateConsentInput).mutation(({ ctx, input }) => transaction((tx) => updateConsent(tx, ctx.user, input))),
});
