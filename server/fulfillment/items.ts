import { sql } from "drizzle-orm";
import { fulfillmentItems } from "@/db/schema";

/** `unitsToShip` as a column expression. */
export const unitsToShipSql = sql<number>`(${fulfillmentItems.quantity} - ${fulfillmentItems.cancelledQuantity} - ${fulfillmentItems.movedQuantity})::int`;
