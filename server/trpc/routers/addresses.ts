import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { addressIdInput, deleteAddress, listAddresses, saveAddress, saveAddressInput, setDefaultAddress } from "@/server/users";
import { customerProcedure, router } from "../init";

/** A customer's address book (issue 14): only their own addresses, found by the session, never by a user id sent. */
export const addressesRouter = router({
  list: customerProcedure.query(({ ctx }) => listAddresses(db(), ctx.user.id)),
  save: customerProcedure.input(saveAddressInput).mutation(({ ctx, input }) => transaction((tx) => saveAddress(tx, ctx.user.id, input))),
  setDefault: customerProcedure.input(addressIdInput).mutation(({ ctx, input }) => transaction((tx) => setDefaultAddress(tx, ctx.user.id, input.id))),
  remove: customerProcedure.input(addressIdInput).mutation(({ ctx, input }) => transaction((tx) => deleteAddress(tx, ctx.user.id, input.id))),
});
