import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { warehouses } from "@/db/schema";
import type { WarehouseScope } from "@/server/auth";
import { DomainError } from "@/server/lib/errors";

export type ManagedWarehouse = { id: string; code: string; name: string };

/**
 * The warehouse a manager's board and waves are for: warehouse staff their own, ops and admins
 * the one they name. Another warehouse's id is "not found", like one that does not exist, so a
 * manager cannot probe other warehouses' ids (SEC-P1-02).
 */
export async function managedWarehouse(db: DbOrTx, scope: WarehouseScope, requested: string | undefined): Promise<ManagedWarehouse> {
  const notFound = () => new DomainError("NOT_FOUND", "Warehouse not found.", { reason: "warehouse_not_found" });
  if (scope.kind === "one" && requested !== undefined && requested !== scope.warehouseId) throw notFound();
  const id = scope.kind === "one" ? scope.warehouseId : requested;
  if (!id) throw new DomainError("INVALID_INPUT", "Choose a warehouse.", { reason: "warehouse_required" });
  const [warehouse] = await db.select({ id: warehouses.id, code: warehouses.code, name: warehouses.name }).from(warehouses).where(eq(warehouses.id, id));
  if (!warehouse) throw notFound();
  return warehouse;
}
