import { z } from "zod";
import { db } from "@/db/client";
import { listProducts, productBySku } from "@/server/catalog";
import { publicProcedure, router } from "../init";

export const catalogRouter = router({
  list: publicProcedure
    .input(
      z.object({
        query: z.string().trim().max(100, "Search for at most 100 characters").optional(),
        page: z.number().int().min(1).max(1000).default(1),
        pageSize: z.number().int().min(1).max(48).default(12),
      }),
    )
    .query(({ input }) => listProducts(db(), input)),
  product: publicProcedure
    .input(z.object({ sku: z.string().trim().min(1).max(64) }))
    .query(({ input }) => productBySku(db(), input.sku)),
});
