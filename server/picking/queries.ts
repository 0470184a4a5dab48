import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { PickLineStatus, PicklistStatus } from "@/server/vocabulary/picking";
import type { DbOrTx } from "@/db/client";
import { fulfillmentItems, fulfillments, orderItems, orders, picklistLines, picklists, products, users, warehouseLocations, waves } from "@/db/schema";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { warehouseScope, type WarehouseScope } from "@/server/auth";
import { DomainError } from "@/server/lib/errors";

export type PicklistSummary = {
  id: string;
  number: string;
  waveNumber: string;
  status: PicklistStatus;
  version: number;
  assigneeId: string | null;
  assigneeName: string | null;
  orders: number;
  lines: number;
  linesDone: number;
  units: number;
  /** The orders on the picklist, so a picker can find the one a customer is waiting for. */
  orderNumbers: string[];
  createdAt: Date;
};

const summaryColumns = {
  id: picklists.id,
  number: picklists.number,
  waveNumber: waves.number,
  status: picklists.status,
  version: picklists.version,
  assigneeId: picklists.assigneeId,
  assigneeName: users.name,
  orders: sql<number>`count(distinct ${picklistLines.fulfillmentId})::int`,
  lines: sql<number>`count(${picklistLines.id}) filter (where ${picklistLines.status} <> 'cancelled')::int`,
  linesDone: sql<number>`count(${picklistLines.id}) filter (where ${picklistLines.status} in ('picked', 'short'))::int`,
  units: sql<number>`coalesce(sum(${picklistLines.quantity}) filter (where ${picklistLines.status} <> 'cancelled'), 0)::int`,
  orderNumbers: sql<string[]>`(select coalesce(array_agg(distinct o.number order by o.number), '{}') from picklist_lines pl
    join fulfillments f on f.id = pl.fulfillment_id join orders o on o.id = f.order_id where pl.picklist_id = ${picklists.id})`,
  createdAt: picklists.createdAt,
};

function summaries(db: DbOrTx) {
  return db
    .select(summaryColumns)
    .from(picklists)
    .innerJoin(waves, eq(waves.id, picklists.waveId))
    .leftJoin(users, eq(users.id, picklists.assigneeId))
    .leftJoin(picklistLines, eq(picklistLines.picklistId, picklists.id))
    .groupBy(picklists.id, waves.number, users.name)
    .$dynamic();
}

/** A picker's queue: picklists assigned to them, then unassigned open ones of their warehouse. */
export async function myPicklists(db: DbOrTx, user: SessionUser): Promise<PicklistSummary[]> {
  const scope = warehouseScope(user);
  return summaries(db)
    .where(
      and(
        scope.kind === "one" ? eq(picklists.warehouseId, scope.warehouseId) : undefined,
        inArray(picklists.status, ["open", "in_progress"]),
        or(eq(picklists.assigneeId, user.id), isNull(picklists.assigneeId)),
      ),
    )
    .orderBy(sql`${picklists.assigneeId} is null`, desc(sql`${picklists.status} = 'in_progress'`), asc(picklists.createdAt));
}

/** Open and in-progress picklists of the scope, for the manager. */
export async function livePicklists(db: DbOrTx, scope: WarehouseScope): Promise<PicklistSummary[]> {
  return summaries(db)
    .where(and(scope.kind === "one" ? eq(picklists.warehouseId, scope.warehouseId) : undefined, inArray(picklists.status, ["open", "in_progress"])))
    .orderBy(asc(picklists.createdAt))
    .limit(200);
}

export type PickLineView = {
  id: string;
  fulfillmentId: string;
  orderNumber: string;
  binCode: string;
  zone: string;
  sku: string;
  productName: string;
  quantity: number;
  pickedQuantity: number;
  status: PickLineStatus;
  shortReason: string | null;
};

/** One picklist with its lines in walk order (zone, aisle, shelf, bin). */
export async function picklistDetail(db: DbOrTx, picklistId: string, user: SessionUser) {
  const scope = warehouseScope(user);
  const [summary] = await summaries(db).where(eq(picklists.id, picklistId));
  const [owner] = await db.select({ warehouseId: picklists.warehouseId }).from(picklists).where(eq(picklists.id, picklistId));
  if (!summary || !owner || (scope.kind === "one" && scope.warehouseId !== owner.warehouseId)) throw new DomainError("NOT_FOUND", "Picklist not found.");
  const lines: PickLineView[] = await db
    .select({
      id: picklistLines.id,
      fulfillmentId: picklistLines.fulfillmentId,
      orderNumber: orders.number,
      binCode: warehouseLocations.code,
      zone: warehouseLocations.zone,
      sku: products.sku,
      productName: products.name,
      quantity: picklistLines.quantity,
      pickedQuantity: picklistLines.pickedQuantity,
      status: picklistLines.status,
      shortReason: picklistLines.shortReason,
    })
    .from(picklistLines)
    .innerJoin(fulfillments, eq(fulfillments.id, picklistLines.fulfillmentId))
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .innerJoin(warehouseLocations, eq(warehouseLocations.id, picklistLines.locationId))
    .innerJoin(products, eq(products.id, picklistLines.productId))
    .where(and(eq(picklistLines.picklistId, picklistId), sql`${picklistLines.status} <> 'cancelled'`))
    .orderBy(asc(picklistLines.walkSequence), asc(picklistLines.id));
  return { ...summary, lines };
}

/** Short picks waiting for the manager. */
export async function shortPicks(db: DbOrTx, scope: WarehouseScope) {
  return db
    .select({
      lineId: picklistLines.id,
      picklistNumber: picklists.number,
      orderNumber: orders.number,
      sku: products.sku,
      productName: products.name,
      binCode: warehouseLocations.code,
      quantity: picklistLines.quantity,
      pickedQuantity: picklistLines.pickedQuantity,
      reason: picklistLines.shortReason,
      pickAttempts: fulfillments.pickAttempts,
      pickedAt: picklistLines.pickedAt,
      productId: picklistLines.productId,
      warehouseId: picklists.warehouseId,
      shippingAddress: orders.shippingAddress,
      paymentMethod: orders.paymentMethod,
      currency: orders.currency,
      orderId: orders.id,
      orderItemId: orderItems.id,
    })
    .from(picklistLines)
    .innerJoin(picklists, eq(picklists.id, picklistLines.picklistId))
    .innerJoin(fulfillments, eq(fulfillments.id, picklistLines.fulfillmentId))
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .innerJoin(fulfillmentItems, eq(fulfillmentItems.id, picklistLines.fulfillmentItemId))
    .innerJoin(orderItems, eq(orderItems.id, fulfillmentItems.orderItemId))
    .innerJoin(products, eq(products.id, picklistLines.productId))
    .innerJoin(warehouseLocations, eq(warehouseLocations.id, picklistLines.locationId))
    .where(and(eq(picklistLines.status, "short"), scope.kind === "one" ? eq(picklists.warehouseId, scope.warehouseId) : undefined))
    .orderBy(asc(picklistLines.pickedAt))
    .limit(200);
}

/** Pickers a manager can hand picklists to. */
export async function pickersOf(db: DbOrTx, warehouseId: string) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.warehouseId, warehouseId), inArray(users.role, ["picker", "warehouse_manager"])))
    .orderBy(asc(users.name));
}
