import { and, eq, sql } from "drizzle-orm";
import { amount, sum, toDb, type Amount } from "@/server/vocabulary/money";
import type { DbOrTx, Tx } from "@/db/client";
import { cartItems, carts, products } from "@/db/schema";
import { availableUnits, currentPrices, STORE_CURRENCY } from "@/server/catalog";
import { DomainError } from "@/server/lib/errors";
import { bumpVersion, cartLines, ensureActiveCart, findActiveCart } from "./data";
import { MAX_LINES, MAX_QUANTITY_PER_LINE } from "./limits";
import type { CartOwner } from "./owner";


export type CartLine = {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  weightGrams: number;
  unitPrice: string | null;
  lineTotal: string | null;
  available: number;
  /** Why this line cannot be bought as it is, in words for the customer. */
  problem: string | null;
};

export type CartView = {
  version: number;
  currency: string;
  lines: CartLine[];
  itemCount: number;
  subtotal: string;
  /** True when every line can be bought as it is. */
  purchasable: boolean;
};

export const emptyCart: CartView = { version: 0, currency: STORE_CURRENCY, lines: [], itemCount: 0, subtotal: "0.0000", purchasable: false };

export async function viewCart(db: DbOrTx, owner: CartOwner): Promise<CartView> {
  const cart = await findActiveCart(db, owner);
  if (!cart) return emptyCart;
  const rows = await cartLines(db, cart.id);
  const ids = rows.map((r) => r.productId);
  const [prices, stock] = await Promise.all([currentPrices(db, ids, cart.currency), availableUnits(db, ids)]);
  const totals: Amount[] = [];
  const lines = rows.map((row): CartLine => {
    const price = prices.get(row.productId);
    const available = Math.max(0, stock.get(row.productId) ?? 0);
    const lineTotal = price ? amount(price).times(row.quantity) : undefined;
    if (lineTotal) totals.push(lineTotal);
    const problem = !row.active || !price
      ? "No longer sold. Remove it to check out."
      : available === 0
        ? "Out of stock."
        : available < row.quantity
          ? `Only ${available} left. Lower the quantity to check out.`
          : null;
    return {
      productId: row.productId,
      sku: row.sku,
      name: row.name,
      quantity: row.quantity,
      weightGrams: row.weightGrams,
      unitPrice: price ?? null,
      lineTotal: lineTotal ? toDb(lineTotal) : null,
      available,
      problem,
    };
  });
  return {
    version: cart.version,
    currency: cart.currency,
    lines,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: toDb(sum(totals)),
    purchasable: lines.length > 0 && lines.every((l) => l.problem === null),
  };
}

async function sellableProduct(db: DbOrTx, sku: string) {
  const [product] = await db
    .select({ id: products.id, name: products.name, active: products.active })
    .from(products)
    .where(eq(products.sku, sku.trim().toUpperCase()))
    .limit(1);
  if (!product || !product.active) throw new DomainError("NOT_FOUND", `We couldn't find a product with SKU ${sku}.`);
  const prices = await currentPrices(db, [product.id]);
  if (!prices.has(product.id)) throw new DomainError("PRECONDITION_FAILED", `${product.name} is not for sale right now.`);
  return product;
}

function checkQuantity(name: string, quantity: number, available: number) {
  if (quantity > MAX_QUANTITY_PER_LINE) {
    throw new DomainError("INVALID_INPUT", `You can buy at most ${MAX_QUANTITY_PER_LINE} of ${name} in one order.`, { reason: "quantity_limit" });
  }
  if (quantity > available) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      available === 0 ? `${name} is out of stock.` : `Only ${available} of ${name} left in stock.`,
      { reason: "out_of_stock", available },
    );
  }
}

/** Adds units of a product (an increment: two tabs adding at once both count). */
export async function addToCart(tx: Tx, owner: CartOwner, input: { sku: string; quantity: number }): Promise<void> {
  const product = await sellableProduct(tx, input.sku);
  const cart = await ensureActiveCart(tx, owner);
  const [existing] = await tx
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, product.id)));
  if (!existing) {
    const [{ lines } = { lines: 0 }] = await tx.select({ lines: sql<number>`count(*)::int` }).from(cartItems).where(eq(cartItems.cartId, cart.id));
    if (lines >= MAX_LINES) throw new DomainError("INVALID_INPUT", `A cart holds at most ${MAX_LINES} different products.`);
  }
  const quantity = (existing?.quantity ?? 0) + input.quantity;
  checkQuantity(product.name, quantity, (await availableUnits(tx, [product.id])).get(product.id) ?? 0);
  await tx
    .insert(cartItems)
    .values({ cartId: cart.id, productId: product.id, quantity })
    .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity } });
  await bumpVersion(tx, cart.id);
}

/**
 * Sets a line's quantity (0 removes it). Absolute edits carry the version the customer saw; if
 * another tab changed the cart since, nothing is written and they are asked to look again.
 */
export async function setCartQuantity(
  tx: Tx,
  owner: CartOwner,
  input: { productId: string; quantity: number; expectedVersion: number },
): Promise<void> {
  const cart = await findActiveCart(tx, owner, true);
  if (!cart) throw new DomainError("NOT_FOUND", "Your cart is empty.");
  if (!(await bumpVersion(tx, cart.id, input.expectedVersion))) {
    throw new DomainError("CONFLICT", "Your cart changed in another tab or window. We've reloaded it; please check and try again.", {
      reason: "stale_cart",
    });
  }
  if (input.quantity === 0) {
    await tx.delete(cartItems).where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, input.productId)));
    return;
  }
  const [line] = await tx
    .select({ name: products.name })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, input.productId)));
  if (!line) throw new DomainError("NOT_FOUND", "That product is not in your cart.");
  checkQuantity(line.name, input.quantity, (await availableUnits(tx, [input.productId])).get(input.productId) ?? 0);
  await tx
    .update(cartItems)
    .set({ quantity: input.quantity })
    .where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, input.productId)));
}

/**
 * On sign-in: moves a guest cart's lines into the customer's cart (quantities add up, capped at
 * the per-line limit) and retires the guest cart.
 */
export async function mergeGuestCart(tx: Tx, customerId: string, guestTokenHash: string): Promise<boolean> {
  const guest = await findActiveCart(tx, { kind: "guest", tokenHash: guestTokenHash }, true);
  if (!guest) return false;
  const target = await ensureActiveCart(tx, { kind: "customer", customerId });
  await tx.execute(sql`
    insert into cart_items (cart_id, product_id, quantity, added_at)
    select ${target.id}, product_id, least(quantity, ${MAX_QUANTITY_PER_LINE}), added_at from cart_items where cart_id = ${guest.id}
    on conflict (cart_id, product_id) do update
      set quantity = least(cart_items.quantity + excluded.quantity, ${MAX_QUANTITY_PER_LINE})`);
  await tx.update(carts).set({ status: "merged", updatedAt: sql`now()` }).where(eq(carts.id, guest.id));
  await bumpVersion(tx, target.id);
  return true;
}
