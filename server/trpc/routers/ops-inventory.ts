import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { importPrices, overridePrice, PRICE_PATTERN } from "@/server/catalog";
import { adjustStock, listLevels, MAX_ADJUSTMENT, MAX_THRESHOLD, setLowStockThreshold, skuLedger, importStock } from "@/server/inventory";
import { isBigintText } from "@/server/lib/db-values";
import { adminProcedure, opsProcedure, router } from "../init";

const warehouseId = z.string().uuid("Choose a warehouse from the list");
const productId = z.string().uuid("Choose a product from the list");
const sku = z.string().trim().min(1, "Enter a SKU").max(64, "A SKU is at most 64 characters");
const reason = (what: string) =>
  z.string().trim().min(3, `Say why ${what} (at least 3 characters)`).max(500, "Keep the reason under 500 characters");
/** A ledger id (bigint) as text: the position of a page of the SKU ledger. */
const ledgerId = z.string().refine(isBigintText, "That page link is not valid");
const csvFile = z
  .object({
    csv: z.string().min(1, "Choose a CSV file").max(2_000_000, "The file is too large: at most 2 MB"),
    dryRun: z.boolean().default(true),
  });

/** Inventory for ops: levels, a SKU's ledger, adjustments, thresholds, CSV imports; prices for admins only (PR-P1-03). */
export const opsInventoryRouter = router({
  levels: opsProcedure
    .input(
      z.object({
        warehouseId: warehouseId.optional(),
        search: z.string().trim().max(100, "Search for at most 100 characters").optional(),
        lowOnly: z.boolean().default(false),
        after: z.object({ sku: z.string().max(64), warehouseCode: z.string().max(32) }, "That page link is not valid").optional(),
        limit: z.number().int().min(1).max(200, "Show at most 200 at a time").default(50),
      }),
    )
    .query(({ input }) => listLevels(db(), input)),
  ledger: opsProcedure
    .input(
      z.object({
        sku,
        warehouseId: warehouseId.optional(),
        before: ledgerId.optional(),
        limit: z.number().int().min(1).max(200, "Show at most 200 at a time").default(50),
      }),
    )
    .query(({ input }) => skuLedger(db(), input)),
  adjust: opsProcedure
    .input(
      z.object({
        warehouseId,
        productId,
        delta: z
          .number("Give the change as a number")
          .int("Give a whole number of units")
          .min(-MAX_ADJUSTMENT, `Take off at most ${MAX_ADJUSTMENT} units`)
          .max(MAX_ADJUSTMENT, `Add at most ${MAX_ADJUSTMENT} units`)
          .refine((d) => d !== 0, "Give a change other than 0"),
        reason: reason("the stock changes"),
        expectedOnHand: z.number().int().min(0).optional(),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => adjustStock(tx, ctx.user, input))),
  setThreshold: opsProcedure
    .input(
      z.object({
        warehouseId,
        productId,
        threshold: z
          .number("Give the threshold as a number")
          .int("Give a whole number of units")
          .min(0, "The threshold is 0 or more")
          .max(MAX_THRESHOLD, `The threshold is at most ${MAX_THRESHOLD}`),
        reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional(),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => setLowStockThreshold(tx, ctx.user, input))),
  /** Stock counts from `warehouse_code,sku,on_hand`: ops. */
  importStock: opsProcedure.input(csvFile).mutation(({ ctx, input }) => transaction((tx) => importStock(tx, ctx.user, input))),
  /** Prices from `sku,currency,amount`: administrators only (PR-P1-03). */
  importPrices: adminProcedure.input(csvFile).mutation(({ ctx, input }) => transaction((tx) => importPrices(tx, ctx.user, input))),
  /** One product's price: administrators only (PR-P1-03). */
  overridePrice: adminProcedure
    .input(
      z.object({
        sku,
        currency: z.string().trim().regex(/^[A-Za-z]{3}$/, "A currency is three letters, e.g. USD"),
        amount: z.string().trim().min(1, "Enter the new price").regex(PRICE_PATTERN, "Write the price with a dot and at most 4 decimals, e.g. 12.50"),
        reason: reason("the price changes"),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => overridePrice(tx, ctx.user, input))),
});
