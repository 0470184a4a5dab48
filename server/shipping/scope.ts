import { eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { fulfillments, shipments, type Shipment } from "@/db/schema";
import type { WarehouseScope } from "@/server/auth";
import { DomainError } from "@/server/lib/errors";

/** The shipment's warehouse, when the scope may see it; null otherwise. */
async function warehouseOf(db: DbOrTx, shipmentId: string): Promise<string | null> {
  const [row] = await db
    .select({ warehouseId: fulfillments.warehouseId })
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .where(eq(shipments.id, shipmentId));
  return row?.warehouseId ?? null;
}

/**
 * Refuses a shipment outside the caller's warehouse as if it did not exist: a manager of EAST
 * cannot even learn that a WEST shipment id is valid.
 */
export async function assertShipmentInScope(db: DbOrTx, shipmentId: string, scope: WarehouseScope): Promise<void> {
  const warehouseId = await warehouseOf(db, shipmentId);
  if (!warehouseId || (scope.kind === "one" && scope.warehouseId !== warehouseId)) {
    throw new DomainError("NOT_FOUND", "There is no such shipment in your warehouse.", { reason: "shipment_not_found" });
  }
}

/** The shipment, locked for this transaction, when the scope may see it. */
export async function lockShipmentInScope(tx: Tx, shipmentId: string, scope: WarehouseScope): Promise<Shipment> {
  await assertShipmentInScope(tx, shipmentId, scope);
  const [row] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for("update");
  if (!row) throw new DomainError("NOT_FOUND", "There is no such shipment in your warehouse.", { reason: "shipment_not_found" });
  return row;
}

/** "user:<uuid>" → the uuid; any other actor (system, carrier) → null. */
export function userIdOf(actor: string): string | null {
  const match = /^user:([0-9a-f-]{36})$/i.exec(actor);
  return match ? match[1]! : null;
}
