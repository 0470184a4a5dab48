import { and, eq, lt, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { carts } from "@/db/schema";

/** Deletes carts untouched for `days` (items cascade); converted carts are kept with their orders (OR-P1-01). */
export async function deleteAbandonedCarts(db: Db, days = 30): Promise<number> {
  const deleted = await db
    .delete(carts)
    .where(and(ne(carts.status, "converted"), lt(carts.updatedAt, sql`now() - make_interval(days => ${days})`)))
    .returning({ id: carts.id });
  return deleted.length;
}

/** Ends a customer's cart when their account is deleted (items cascade); converted carts stay with their orders. */
export async function deleteCustomerCarts(db: DbOrTx, customerId: string): Promise<number> {
  const deleted = await db
    .delete(carts)
    .where(and(eq(carts.customerId, customerId), ne(carts.status, "converted")))
    .returning({ id: carts.id });
  return deleted.length;
}
