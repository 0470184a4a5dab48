import { eq } from "drizzle-orm";
import { z } from "zod";
import { amount, toDb } from "@/server/vocabulary/money";
import { paymentMethods } from "@/server/vocabulary/orders";
import type { Db, Tx } from "@/db/client";
import { orders, type Order } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { viewCart, findActiveCart, markCartConverted } from "@/server/cart";
import type { CartOwner } from "@/server/cart";
import { DomainError } from "@/server/lib/errors";
import { insertOrder, recordStatus } from "@/server/orders";
import { emit } from "@/server/outbox";
import { redeemPromotions } from "@/server/promotions";
import { reserveStock, stockForProducts } from "@/server/inventory";
import { addressLocation, toShippingAddress } from "@/server/vocabulary/address";
import { checkoutDetailsInput } from "./details";
import { capacityToday, allocate, distanceKm } from "@/server/fulfillment";
import { priceCart, promotionCodesInput, requirePurchasable } from "./quote";
import { isUniqueViolation } from "@/server/lib/pg-errors";
import { requireRoomForUnpaidOrder, type UnpaidOrderCaps } from "./unpaid-cap";

export const placeOrderInput = checkoutDetailsInput.extend({
  paymentMethod: z.enum(paymentMethods, { error: "Choose card or cash on delivery" }).default("card"),
  codes: promotionCodesInput,
  /** The total the customer was shown; if prices moved since, nothing is placed. */
  expectedTotal: z.string().regex(/^\d+(\.\d{1,4})?$/, "expectedTotal must be a decimal amount"),
  /** One per checkout attempt, made by the page: a double submit returns the same order. */
  idempotencyKey: z.string().uuid("idempotencyKey must be a UUID"),
});
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

/** Who places the order: the cart owner, the account if signed in, and the client address it came from. */
export type Buyer = { owner: CartOwner; customerId: string | null; actor: string; address: string | null };

/** How long an unpaid order holds its stock, and how many unpaid orders may hold stock at once. */
export type CheckoutPolicy = { ttlMinutes: number; maxUnpaidOrders: UnpaidOrderCaps };

export type PlacedOrder = { order: Order; replayed: boolean };

/** Idempotency keys are scoped to the buyer, so one buyer's key can never return another's order. */
function scopedKey(owner: CartOwner, key: string): string {
  return owner.kind === "customer" ? `customer:${owner.customerId}:${key}` : `guest:${owner.tokenHash}:${key}`;
}

async function orderByKey(db: Db | Tx, key: string): Promise<Order | undefined> {
  const [order] = await db.select().from(orders).where(eq(orders.idempotencyKey, key)).limit(1);
  return order;
}

/**
 * Places an order in one transaction: validates the cart and its prices, allocates warehouses,
 * reserves stock with guarded updates, redeems codes, writes the order, its lines, reservations,
 * status history and outbox events, and closes the cart. Any failure changes nothing.
 */
export async function placeOrder(db: Db, buyer: Buyer, input: PlaceOrderInput, policy: CheckoutPolicy): Promise<PlacedOrder> {
  const key = scopedKey(buyer.owner, input.idempotencyKey);
  const earlier = await orderByKey(db, key);
  if (earlier) return { order: earlier, replayed: true };
  try {
    const order = await transaction((tx) => placeInTransaction(tx, buyer, input, key, policy), db);
    return { order, replayed: false };
  } catch (error) {
    // A concurrent double submit with the same key: the first one won (this one then finds the
    // cart converted, or hits the unique key), so answer with the winner's order.
    if (isUniqueViolation(error, "orders_idempotency_key_uq") || error instanceof DomainError) {
      const winner = await orderByKey(db, key);
      if (winner) return { order: winner, replayed: true };
    }
    throw error;
  }
}

async function placeInTransaction(tx: Tx, buyer: Buyer, input: PlaceOrderInput, key: string, policy: CheckoutPolicy): Promise<Order> {
  // Locking the cart serialises two submits of the same cart.
  const cartRow = await findActiveCart(tx, buyer.owner, true);
  if (!cartRow) throw new DomainError("PRECONDITION_FAILED", "Your cart is empty.", { reason: "empty_cart" });
  await requireRoomForUnpaidOrder(tx, buyer.owner, buyer.address, policy.maxUnpaidOrders);
  const cart = await viewCart(tx, buyer.owner);
  requirePurchasable(cart);

  const address = toShippingAddress(input.address);
  const customerKey = buyer.customerId ? `user:${buyer.customerId}` : `email:${input.email}`;
  const priced = await priceCart(tx, cart, { codes: input.codes, shippingMethod: input.shippingMethod, region: address.region, customerKey });
  if (!priced.totals.total.equals(amount(input.expectedTotal))) {
    throw new DomainError(
      "CONFLICT",
      `Prices changed since you loaded this page: your total is now ${priced.quote.currency} ${priced.totals.total.toFixed(2)}. Review it and place the order again.`,
      { reason: "price_changed", quote: priced.quote },
    );
  }

  const productIds = cart.lines.map((l) => l.productId);
  const [{ levels, sites }, capacity] = await Promise.all([stockForProducts(tx, productIds), capacityToday(tx)]);
  const here = addressLocation(address);
  const allocation = allocate(
    cart.lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity })),
    sites.map((s) => ({
      warehouseId: s.id,
      distanceKm: distanceKm(here, { lat: Number(s.latitude), lon: Number(s.longitude) }),
      available: new Map(levels.filter((l) => l.warehouseId === s.id).map((l) => [l.productId, l.available])),
      overCapacity: capacity.find((c) => c.warehouseId === s.id)?.overCapacity ?? false,
    })),
  );

  const expiresAt = new Date(Date.now() + policy.ttlMinutes * 60_000);
  const { order, items } = await insertOrder(
    tx,
    {
      customerId: buyer.customerId,
      guestTokenHash: buyer.owner.kind === "guest" ? buyer.owner.tokenHash : null,
      placedFrom: buyer.address,
      email: input.email,
      currency: cart.currency,
      subtotal: toDb(priced.totals.subtotal),
      discountTotal: toDb(priced.totals.discount),
      shippingTotal: toDb(priced.totals.shipping),
      taxTotal: toDb(priced.totals.tax),
      total: toDb(priced.totals.total),
      shippingMethod: input.shippingMethod,
      paymentMethod: input.paymentMethod,
      shippingAddress: address,
      promotionCodes: priced.applied.map((a) => a.code),
      idempotencyKey: key,
      reservationExpiresAt: expiresAt,
    },
    cart.lines.map((l) => ({
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: l.unitPrice!,
      lineTotal: l.lineTotal!,
    })),
  );
  const itemOf = new Map(items.map((i) => [i.productId, i]));

  await reserveStock(
    tx,
    order.id,
    allocation.map((a) => ({ ...a, orderItemId: itemOf.get(a.productId)!.id, name: itemOf.get(a.productId)!.name })),
    expiresAt,
  );
  await redeemPromotions(tx, priced.applied, new Map(priced.promotions.map((p) => [p.id, p])), {
    orderId: order.id,
    customerId: buyer.customerId,
    customerKey,
  });
  await recordStatus(tx, { orderId: order.id, number: order.number, from: null, to: "pending_payment", reason: "order placed", actor: buyer.actor });
  await emit(tx, {
    name: "order/placed",
    aggregateId: order.id,
    payload: {
      orderId: order.id,
      number: order.number,
      customerId: buyer.customerId,
      email: input.email,
      currency: order.currency,
      total: order.total,
      paymentMethod: order.paymentMethod,
      reservationExpiresAt: expiresAt.toISOString(),
      lines: cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    },
  });
  await markCartConverted(tx, cartRow.id);
  return order;
}

