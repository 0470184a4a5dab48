import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { amount, toDb } from "@/server/vocabulary/money";
import type { DbOrTx, Tx } from "@/db/client";
import { productPrices, products } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";

/**
 * Changes a product's price from now on: the current row is closed and a new one opened, so
 * the past stays as it was (PR-P1-01). Concurrent changes of one product queue on its row lock.
 */
export async function changePrice(tx: Tx, input: { productId: string; currency: string; amount: string }): Promise<void> {
  const value = amount(input.amount);
  if (value.isNegative()) throw new DomainError("INVALID_INPUT", "A price can't be negative.");
  const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, input.productId)).for("update");
  if (!product) throw new DomainError("NOT_FOUND", "Product not found.");
  // The clock after the lock, not the transaction's start: a change that waited for the lock
  // must close the price the one before it opened, which may be later than this transaction began.
  const at = (await tx.execute<{ at: string }>(sql`select clock_timestamp()::text as at`))[0]!.at;
  await tx
    .update(productPrices)
    .set({ effectiveTo: sql`${at}::timestamptz` })
    .where(and(eq(productPrices.productId, input.productId), eq(productPrices.currency, input.currency), isNull(productPrices.effectiveTo)));
  await tx.insert(productPrices).values({ productId: input.productId, currency: input.currency, amount: toDb(value), effectiveFrom: sql`${at}::timestamptz` });
}

/** Every price a product has had in a currency, oldest first. */
export async function priceHistory(db: DbOrTx, productId: string, currency: string) {
  return db
    .select({ amount: productPrices.amount, effectiveFrom: productPrices.effectiveFrom, effectiveTo: productPrices.effectiveTo })
    .from(productPrices)
    .where(and(eq(productPrices.productId, productId), eq(productPrices.currency, currency)))
    .orderBy(asc(productPrices.effectiveFrom));
}
