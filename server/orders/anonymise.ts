import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { OrderStatus } from "@/server/vocabulary/orders";
import type { DbOrTx, Tx } from "@/db/client";
import { orderItems, orders, type ShippingAddress } from "@/db/schema";

/** Orders past which nothing more is shipped or charged: an account may be deleted once all its orders are here. */
const settledStatuses = ["delivered", "completed", "cancelled"] as const satisfies readonly OrderStatus[];

/** A customer's orders still on their way (placed, paid or shipping): their numbers, oldest first. */
export async function openOrderNumbers(db: DbOrTx, customerId: string): Promise<string[]> {
  const rows = await db
    .select({ number: orders.number })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), notInArray(orders.status, [...settledStatuses])))
    .orderBy(asc(orders.createdAt));
  return rows.map((r) => r.number);
}

/**
 * Removes the personal fields of a deleted customer's orders (name, email, street, city, ZIP,
 * phone, the client address) and keeps the rest for the books: lines, amounts, tax, status and
 * history, and the state and country the tax was charged for. Returns how many orders it changed.
 */
export async function anonymiseCustomerOrders(tx: Tx, customerId: string): Promise<number> {
  const rows = await tx.select({ id: orders.id, address: orders.shippingAddress }).from(orders).where(eq(orders.customerId, customerId)).for("update");
  for (const row of rows) {
    const address: ShippingAddress = { name: "Anonymised", line1: "", city: "", region: row.address.region, postalCode: "", country: row.address.country };
    await tx
      .update(orders)
      .set({ email: `anonymised-${row.id}@deleted.invalid`, shippingAddress: address, placedFrom: null, version: sql`${orders.version} + 1`, updatedAt: new Date() })
      .where(eq(orders.id, row.id));
  }
  return rows.length;
}

export type OrderExport = {
  number: string;
  status: OrderStatus;
  placedAt: Date;
  email: string;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  currency: string;
  subtotal: string;
  discountTotal: string;
  shippingTotal: string;
  taxTotal: string;
  total: string;
  lines: { sku: string; name: string; quantity: number; unitPrice: string; lineTotal: string }[];
};

/** A customer's orders with their lines, oldest first, for their data export. */
export async function customerOrdersExport(db: DbOrTx, customerId: string): Promise<OrderExport[]> {
  const list = await db.select().from(orders).where(eq(orders.customerId, customerId)).orderBy(asc(orders.createdAt), asc(orders.number));
  if (list.length === 0) return [];
  const lines = await db
    .select()
    .from(orderItems)
    .where(inArray(orderItems.orderId, list.map((o) => o.id)))
    .orderBy(asc(orderItems.sku));
  return list.map((o) => ({
    number: o.number,
    status: o.status,
    placedAt: o.createdAt,
    email: o.email,
    shippingAddress: o.shippingAddress,
    paymentMethod: o.paymentMethod,
    currency: o.currency,
    subtotal: o.subtotal,
    discountTotal: o.discountTotal,
    shippingTotal: o.shippingTotal,
    taxTotal: o.taxTotal,
    total: o.total,
    lines: lines.filter((l) => l.orderId === o.id).map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice, lineTotal: l.lineTotal })),
  }));
}
