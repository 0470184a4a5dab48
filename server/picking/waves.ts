import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  fulfillmentItems,
  fulfillments,
  inventoryLevels,
  picklistLines,
  picklists,
  products,
  warehouseLocations,
  waves,
} from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { warehouseScope } from "@/server/auth";
import { managedWarehouse, moveFulfillments, unitsToShipSql } from "@/server/fulfillment";
import { chunks } from "@/server/lib/chunks";
import { DomainError } from "@/server/lib/errors";
import { moveOrdersFrom } from "@/server/orders";
import { emit } from "@/server/outbox";
import { buildBatches, unitsOf, walkOrder, type PickCandidate } from "./batches";

export type WaveRules = {
  /** Fulfillments (orders) per picklist. */
  maxOrders: number;
  /** Units per picklist (what fits on a cart). */
  maxUnits: number;
  /** Only fulfillments whose every line is in this zone. */
  zone?: string | null;
  /** Picklists this wave makes at most. */
  maxPicklists: number;
};

export type ReleasedWave = {
  waveId: string;
  number: string;
  picklists: { picklistId: string; number: string; fulfillments: number; units: number; lines: number }[];
  /** Pending fulfillments left out because a line has no bin in this warehouse. */
  unplaced: { fulfillmentId: string; sku: string }[];
};

/** How many pending fulfillments one release looks at; the rest wait for the next wave. */
const CANDIDATE_LIMIT = 5000;

/** A manager's release, for the warehouse managedWarehouse resolves (their own; ops and admins name one), audited. */
export async function releaseManagedWave(tx: Tx, user: SessionUser, requestedWarehouseId: string | undefined, rules: WaveRules) {
  const warehouse = await managedWarehouse(tx, warehouseScope(user), requestedWarehouseId);
  const wave = await releaseWave(tx, warehouse.id, rules, { userId: user.id });
  await recordAudit(tx, user, {
    action: "wave.release",
    targetType: "wave",
    targetId: wave.waveId,
    targetLabel: `${wave.number} at ${warehouse.code}`,
    details: { warehouse: warehouse.code, rules, picklists: wave.picklists.map((p) => p.number), unplaced: wave.unplaced.length },
  });
  return wave;
}

/**
 * Releases a wave: picks pending fulfillments of the warehouse, batches them into picklists
 * with lines in walk order, moves the fulfillments to planning and their orders to processing,
 * and writes the wave/released event, all in the caller's transaction (FUL-P0-05). Pending rows
 * are claimed with SKIP LOCKED, so two managers releasing at once never share a fulfillment.
 */
export async function releaseWave(tx: Tx, warehouseId: string, rules: WaveRules, actor: { userId: string }): Promise<ReleasedWave> {
  const pending = await tx
    .select()
    .from(fulfillments)
    .where(and(eq(fulfillments.warehouseId, warehouseId), eq(fulfillments.status, "pending")))
    .orderBy(asc(fulfillments.createdAt), asc(fulfillments.id))
    .limit(CANDIDATE_LIMIT)
    .for("update", { skipLocked: true });
  if (pending.length === 0) throw new DomainError("PRECONDITION_FAILED", "No fulfillments are waiting to be picked in this warehouse.", { reason: "nothing_to_pick" });

  const items = await tx
    .select({
      fulfillmentId: fulfillmentItems.fulfillmentId,
      fulfillmentItemId: fulfillmentItems.id,
      productId: fulfillmentItems.productId,
      sku: products.sku,
      quantity: unitsToShipSql,
      locationId: warehouseLocations.id,
      zone: warehouseLocations.zone,
      walkSequence: warehouseLocations.walkSequence,
    })
    .from(fulfillmentItems)
    .innerJoin(products, eq(products.id, fulfillmentItems.productId))
    .leftJoin(inventoryLevels, and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.productId, fulfillmentItems.productId)))
    .leftJoin(warehouseLocations, eq(warehouseLocations.id, inventoryLevels.locationId))
    .where(inArray(fulfillmentItems.fulfillmentId, pending.map((f) => f.id)));

  const unplaced: ReleasedWave["unplaced"] = [];
  const candidates: PickCandidate[] = [];
  const itemsOf = new Map<string, typeof items>();
  for (const i of items) itemsOf.set(i.fulfillmentId, [...(itemsOf.get(i.fulfillmentId) ?? []), i]);
  for (const f of pending) {
    const lines = (itemsOf.get(f.id) ?? []).filter((i) => i.quantity > 0);
    const missing = lines.find((l) => l.locationId === null);
    if (missing) {
      unplaced.push({ fulfillmentId: f.id, sku: missing.sku });
      continue;
    }
    const placed = lines.map((l) => ({ ...l, locationId: l.locationId!, zone: l.zone!, walkSequence: l.walkSequence! }));
    if (rules.zone && placed.some((l) => l.zone !== rules.zone)) continue;
    if (placed.length > 0) candidates.push({ fulfillmentId: f.id, createdAt: f.createdAt, lines: placed });
  }
  const batches = buildBatches(candidates, rules);
  if (batches.length === 0) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      rules.zone ? `No waiting fulfillment can be picked entirely in zone ${rules.zone}.` : "No waiting fulfillment can be picked: their products have no bin in this warehouse.",
      { reason: "nothing_to_pick", unplaced },
    );
  }

  const [wave] = await tx
    .insert(waves)
    .values({
      number: sql`'W' || nextval('wave_number_seq')`,
      warehouseId,
      maxOrders: rules.maxOrders,
      maxUnits: rules.maxUnits,
      zone: rules.zone ?? null,
      createdBy: actor.userId,
    })
    .returning();
  const lists = await tx
    .insert(picklists)
    .values(batches.map(() => ({ number: sql`'P' || nextval('picklist_number_seq')`, waveId: wave!.id, warehouseId })))
    .returning({ id: picklists.id, number: picklists.number });
  const lineRows = batches.flatMap((batch, i) =>
    walkOrder(batch.flatMap((c) => c.lines.map((l) => ({ ...l, fulfillmentId: c.fulfillmentId })))).map((l) => ({
      picklistId: lists[i]!.id,
      fulfillmentId: l.fulfillmentId,
      fulfillmentItemId: l.fulfillmentItemId,
      productId: l.productId,
      locationId: l.locationId,
      walkSequence: l.walkSequence,
      quantity: l.quantity,
    })),
  );
  for (const slice of chunks(lineRows)) await tx.insert(picklistLines).values(slice);

  const actorName = `user:${actor.userId}`;
  const takenIds = new Set(batches.flat().map((c) => c.fulfillmentId));
  const taken = pending.filter((f) => takenIds.has(f.id));
  await moveFulfillments(tx, taken, "planning", `in wave ${wave!.number}`, actorName);
  // The warehouse has started on these orders: confirmed → processing (orders already further along stay).
  await moveOrdersFrom(tx, taken.map((f) => f.orderId), "confirmed", "processing", "picking released", actorName);

  const summary = batches.map((batch, i) => ({
    picklistId: lists[i]!.id,
    number: lists[i]!.number,
    fulfillmentIds: batch.map((c) => c.fulfillmentId),
    units: batch.reduce((n, c) => n + unitsOf(c), 0),
    lines: batch.reduce((n, c) => n + c.lines.length, 0),
  }));
  await emit(tx, {
    name: "wave/released",
    aggregateId: wave!.id,
    payload: { waveId: wave!.id, number: wave!.number, warehouseId, picklists: summary.map(({ lines: _lines, ...p }) => p) },
  });
  return {
    waveId: wave!.id,
    number: wave!.number,
    picklists: summary.map((p) => ({ picklistId: p.picklistId, number: p.number, fulfillments: p.fulfillmentIds.length, units: p.units, lines: p.lines })),
    unplaced,
  };
}
