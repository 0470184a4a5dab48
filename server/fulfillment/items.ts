import { sql } from "drizzle-orm";
import { fulfillmentItems, type FulfillmentItem } from "@/db/schema";

/**
 * Units a fulfillment line still ships: what was allocated, less units cancelled after a short
 * pick (refunded) and units moved to another warehouse's fulfillment (shipped from there).
 */
export const unitsToShip = (item: Pick<FulfillmentItem, "quantity" | "cancelledQuantity" | "movedQuantity">) =>
  item.quantity - item.cancelledQuantity - item.movedQuantity;

/** `unitsToShip` as a column expression. */
export const unitsToShipSql = sql<number>`(${fulfillmentItems.quantity} - ${fulfillmentItems.cancelledQuantity} - ${fulfillmentItems.movedQuantity})::int`;
