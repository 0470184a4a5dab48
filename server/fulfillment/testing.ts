import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { fulfillments, orders, type Fulfillment, type Order } from "@/db/schema";
import { confirmPaidOrder } from "@/server/checkout/payment-outcomes";
import { transaction } from "@/db/transaction";
import { testBrowser, testCard } from "@/server/trpc/testing";

const address = { name: "Pick Test", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

/** An order placed through the real checkout as a guest, paying cash on delivery: pending, stock reserved. */
export async function placedOrder(db: Db, lines: { sku: string; quantity: number }[], options: { recipient?: string } = {}): Promise<Order> {
  const guest = testBrowser();
  for (const line of lines) await guest.caller.cart.add(line);
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const { number } = await guest.caller.checkout.placeOrder({
    card: testCard,
    email: "warehouse-test@example.com",
    address: { ...address, name: options.recipient ?? address.name },
    shippingMethod: "standard",
    paymentMethod: "cod",
    codes: [],
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
  const [placed] = await db.select().from(orders).where(eq(orders.number, number));
  return placed!;
}

/**
 * A paid, confirmed order with its fulfillments, placed through the real checkout as a guest
 * (paid by cash on delivery, confirmed as the payment saga would).
 */
export async function confirmedOrder(
  db: Db,
  lines: { sku: string; quantity: number }[],
  options: { recipient?: string } = {},
): Promise<{ order: Order; fulfillments: Fulfillment[] }> {
  const placed = await placedOrder(db, lines, options);
  const outcome = await transaction((tx) => confirmPaidOrder(tx, placed.id, "test", "confirmed by a test"), db);
  if (outcome !== "confirmed") throw new Error(`test order ${placed.number} was not confirmed: ${outcome}`);
  const [order] = await db.select().from(orders).where(eq(orders.id, placed.id));
  return { order: order!, fulfillments: await db.select().from(fulfillments).where(eq(fulfillments.orderId, order!.id)) };
}
