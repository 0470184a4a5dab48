import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { fulfillments, orders, products, warehouses } from "@/db/schema";

/**
 * Labels for audit targets that need a look-up: what people call the thing (an order number, a
 * SKU, a warehouse code), written on the audit row so the log never shows a bare UUID.
 */
export async function orderNumberOf(tx: DbOrTx, orderId: string | null | undefined): Promise<string | null> {
  if (!orderId) return null;
  const [order] = await tx.select({ number: orders.number }).from(orders).where(eq(orders.id, orderId));
  return order?.number ?? null;
}

/** "KIT-SKILLET-CI-10 at EAST": one product's stock in one warehouse. */
export async function stockLabel(tx: DbOrTx, warehouseId: string, productId: string): Promise<string> {
  const [[product], [warehouse]] = await Promise.all([
    tx.select({ sku: products.sku }).from(products).where(eq(products.id, productId)),
    tx.select({ code: warehouses.code }).from(warehouses).where(eq(warehouses.id, warehouseId)),
  ]);
  return `${product?.sku ?? productId} at ${warehouse?.code ?? warehouseId}`;
}

/** "D100009 from EAST": an order's parcel of one warehouse. */
export async function fulfillmentLabel(tx: DbOrTx, fulfillmentId: string): Promise<string> {
  const [row] = await tx
    .select({ number: orders.number, warehouse: warehouses.code })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
    .where(eq(fulfillments.id, fulfillmentId));
  return row ? `${row.number} from ${row.warehouse}` : fulfillmentId;
}

/** "refund of D100009": a failed compensation by its operation and order. */
export async function compensationLabel(tx: DbOrTx, row: { operation: string; orderId: string | null }): Promise<string> {
  const number = await orderNumberOf(tx, row.orderId);
  return `${row.operation.replaceAll("_", " ")}${number ? ` of ${number}` : ""}`;
}

/** "KIT-SKILLET-CI-10 for D100009": the units one order holds of one product. */
export async function reservationLabel(tx: DbOrTx, r: { productId: string; orderId: string }): Promise<string> {
  const [[product], number] = await Promise.all([tx.select({ sku: products.sku }).from(products).where(eq(products.id, r.productId)), orderNumberOf(tx, r.orderId)]);
  return `${product?.sku ?? r.productId} for ${number ?? r.orderId}`;
}

/** "parcel 1Z999 of D100009", or "parcel of D100009" before it has a tracking number. */
export async function shipmentLabel(tx: DbOrTx, shipment: { trackingNumber: string | null; orderId: string }): Promise<string> {
  const number = (await orderNumberOf(tx, shipment.orderId)) ?? shipment.orderId;
  return shipment.trackingNumber ? `parcel ${shipment.trackingNumber} of ${number}` : `parcel of ${number}`;
}
