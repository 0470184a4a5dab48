import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cartItems, carts, products, type Cart } from "@/db/schema";
import type { CartOwner } from "./owner";

function ownerFilter(owner: CartOwner) {
  return owner.kind === "customer"
    ? and(eq(carts.customerId, owner.customerId), eq(carts.status, "active"))
    : and(eq(carts.guestTokenHash, owner.tokenHash), eq(carts.status, "active"));
}

export async function findActiveCart(db: DbOrTx, owner: CartOwner, forUpdate = false): Promise<Cart | undefined> {
  const query = db.select().from(carts).where(ownerFilter(owner)).limit(1);
  const [cart] = forUpdate ? await query.for("update") : await query;
  return cart;
}

/** The owner's active cart, created on first use (race-safe: the unique indexes decide). */
export async function ensureActiveCart(db: DbOrTx, owner: CartOwner): Promise<Cart> {
  const existing = await findActiveCart(db, owner, true);
  if (existing) return existing;
  await db
    .insert(carts)
    .values(owner.kind === "customer" ? { customerId: owner.customerId } : { guestTokenHash: owner.tokenHash })
    .onConflictDoNothing();
  const created = await findActiveCart(db, owner, true);
  if (!created) throw new Error("cart could not be created");
  return created;
}

export type CartLineRow = { productId: string; quantity: number; sku: string; name: string; active: boolean; weightGrams: number };

export async function cartLines(db: DbOrTx, cartId: string): Promise<CartLineRow[]> {
  return db
    .select({
      productId: cartItems.productId,
      quantity: cartItems.quantity,
      sku: products.sku,
      name: products.name,
      active: products.active,
      weightGrams: products.weightGrams,
    })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.addedAt), asc(products.name));
}

/** Bumps the version; with `expected`, only if nobody changed the cart since (NEW-03). */
export async function bumpVersion(db: DbOrTx, cartId: string, expected?: number): Promise<boolean> {
  const rows = await db
    .update(carts)
    .set({ version: sql`${carts.version} + 1`, updatedAt: sql`now()` })
    .where(expected === undefined ? eq(carts.id, cartId) : and(eq(carts.id, cartId), eq(carts.version, expected)))
    .returning({ version: carts.version });
  return rows.length === 1;
}

/** The cart an order was placed from: kept with its order (OR-P1-01), no longer the owner's active cart. */
export async function markCartConverted(db: DbOrTx, cartId: string): Promise<void> {
  await db.update(carts).set({ status: "converted", updatedAt: sql`now()` }).where(eq(carts.id, cartId));
}
