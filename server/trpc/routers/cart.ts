import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { addToCart, emptyCart, setCartQuantity, viewCart, MAX_QUANTITY_PER_LINE } from "@/server/cart";
import { DomainError } from "@/server/lib/errors";
import { shopperCartOwner } from "../cart-owner";
import { publicProcedure, router } from "../init";

const quantity = z
  .number({ error: "Enter a quantity" })
  .int("Enter a whole number")
  .min(1, "Enter at least 1")
  .max(MAX_QUANTITY_PER_LINE, `You can buy at most ${MAX_QUANTITY_PER_LINE} of one product`);


export const cartRouter = router({
  get: publicProcedure.query(async ({ ctx }) => {
    const owner = await shopperCartOwner(ctx, { create: false });
    return owner ? viewCart(db(), owner) : emptyCart;
  }),
  add: publicProcedure
    .input(z.object({ sku: z.string().trim().min(1).max(64), quantity: quantity.default(1) }))
    .mutation(async ({ ctx, input }) => {
      const owner = (await shopperCartOwner(ctx, { create: true }))!;
      await transaction((tx) => addToCart(tx, owner, input));
      return viewCart(db(), owner);
    }),
  setQuantity: publicProcedure
    .input(
      z.object({
        productId: z.string().uuid(),
        quantity: z.number().int().min(0).max(MAX_QUANTITY_PER_LINE, `You can buy at most ${MAX_QUANTITY_PER_LINE} of one product`),
        expectedVersion: z.number().int().min(0),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const owner = await shopperCartOwner(ctx, { create: false });
      if (!owner) throw new DomainError("NOT_FOUND", "Your cart is empty.");
      await transaction((tx) => setCartQuantity(tx, owner, input));
      return viewCart(db(), owner);
    }),
});
