import { z } from "zod";
import { db } from "@/db/client";
import { listProducts, productBySku } from "@/server/catalog";
import { catalogListInput } from "@/server/vocabulary/catalog";
import { publicProcedure, router } from "../init";

export const catalogRouter = router({
  list: publicProcedure.input(catalogListInput).query(({ input }) => listProducts(db(), input)),
  product: publicProcedure
    .input(z.object({ sku: z.string().trim().min(1).max(64) }))
    .query(({ input }) => productBySku(db(), input.sku)),
});
