import { and, lt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { carts } from "@/db/schema";

/** Deletes carts untouched for `days` (items cascade); converted carts are kept with their orders (OR-P1-01). */
export async function deleteAbandonedCarts(db: Db, days = 30): Promise<number> {
  const deleted = await db
    .delete(carts)
    .where(and(ne(carts.status, "converted"), lt(carts.updatedAt, sql`now() - make_interval(days => ${days})`)))
    .returning({ id: carts.id });
  return deleted.length;
}
