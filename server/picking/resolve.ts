import { and, eq, gt, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillmentItems, fulfillments, orderItems, orders, picklistLines, warehouseLocations } from "@/db/schema";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { warehouseScope } from "@/server/auth";
import { recordAudit } from "@/server/audit";
import { unitsToShipSql, setCancelledUnits, transitionFulfillment } from "@/server/fulfillment";
import { writeOffReservedUnits } from "@/server/inventory";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";
import { previewRefund } from "@/server/payments";
import { completeFulfillmentIfPicked, completePicklistIfDone, lockedLine, normalizeScan } from "./pick";
import { moveUnitsToWarehouse } from "./move";
import { lockPicklist } from "./picklists";

/** Picks a fulfillment gets before the manager must cancel the missing units instead. */
export const PICK_ATTEMPT_LIMIT = 3;

export type ShortPickResolution =
  | { lineId: string; action: "repick"; binCode?: string }
  | { lineId: string; action: "cancel_units" }
  | { lineId: string; action: "move"; warehouseId: string };

/**
 * The manager's answer to a short pick: pick again (from another bin if given); ship the missing
 * units from another warehouse; or cancel them, refunded to the customer. Moved or cancelled
 * units are written off the bin, and the fulfillment ships what was found (or is cancelled if
 * nothing was).
 */
export async function resolveShortPick(tx: Tx, input: ShortPickResolution, user: SessionUser) {
  const { line, sku } = await lockedLine(tx, input.lineId, warehouseScope(user));
  const list = await lockPicklist(tx, line.picklistId, user);
  if (line.status !== "short") throw new DomainError("PRECONDITION_FAILED", "This line is not a short pick (any more).", { reason: "not_short" });
  const [fulfillment] = await tx.select().from(fulfillments).where(eq(fulfillments.id, line.fulfillmentId)).for("update");
  if (fulfillment!.status !== "pick_failed") throw new DomainError("PRECONDITION_FAILED", `The fulfillment is ${fulfillment!.status.replace("_", " ")}.`);
  const actor = `user:${user.id}`;
  /** The settlement's audit row, in this transaction: picklist P10001 · the SKU, on the line's order. */
  const audit = (reason: string, details: Record<string, unknown>) =>
    recordAudit(tx, user, {
      action: `short_pick.${input.action}`,
      targetType: "picklist",
      targetId: list.id,
      targetLabel: `${list.number} · ${sku}`,
      orderId: fulfillment!.orderId,
      reason,
      details: { lineId: line.id, sku, shortReason: line.shortReason, ...details },
    });

  if (input.action === "repick") {
    if (fulfillment!.pickAttempts >= PICK_ATTEMPT_LIMIT) {
      throw new DomainError("PRECONDITION_FAILED", `Picked ${fulfillment!.pickAttempts} times already: cancel the missing units instead.`, { reason: "pick_attempts_exhausted" });
    }
    let bin: { id: string; walkSequence: number; code: string } | undefined;
    if (input.binCode) {
      [bin] = await tx
        .select({ id: warehouseLocations.id, walkSequence: warehouseLocations.walkSequence, code: warehouseLocations.code })
        .from(warehouseLocations)
        .where(sql`${warehouseLocations.warehouseId} = ${list.warehouseId} and ${warehouseLocations.code} = ${normalizeScan(input.binCode)}`);
      if (!bin) throw new DomainError("INVALID_INPUT", `There is no bin ${normalizeScan(input.binCode)} in this warehouse.`, { reason: "unknown_bin" });
    }
    await tx
      .update(picklistLines)
      .set({ status: "pending", shortReason: null, ...(bin ? { locationId: bin.id, walkSequence: bin.walkSequence } : {}) })
      .where(eq(picklistLines.id, line.id));
    await transitionFulfillment(tx, fulfillment!.id, {
      to: "picking",
      reason: bin ? `re-pick from bin ${bin.code}` : "re-pick",
      actor,
      set: { attention: null, pickAttempts: fulfillment!.pickAttempts + 1 },
    });
    await completePicklistIfDone(tx, list.id);
    await audit(bin ? `re-pick from bin ${bin.code}` : "re-pick", { attempt: fulfillment!.pickAttempts + 1, ...(bin ? { bin: bin.code } : {}) });
    return { action: "repick" as const };
  }

  const missing = line.quantity - line.pickedQuantity;
  const [item] = await tx
    .select({ item: fulfillmentItems, currency: orders.currency, orderId: orders.id })
    .from(fulfillmentItems)
    .innerJoin(orderItems, eq(orderItems.id, fulfillmentItems.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(fulfillmentItems.id, line.fulfillmentItemId))
    .for("update", { of: fulfillmentItems });
  if (!item?.item.reservationId) throw new DomainError("PRECONDITION_FAILED", "This line has no stock held for it.", { reason: "no_reservation" });
  const shortReason = line.shortReason?.replaceAll("_", " ") ?? "missing";

  let outcome: { done: string; nothingLeft: string };
  if (input.action === "move") {
    const moved = await moveUnitsToWarehouse(
      tx,
      {
        item: item.item,
        orderId: item.orderId,
        fromFulfillmentId: fulfillment!.id,
        fromWarehouseId: list.warehouseId,
        toWarehouseId: input.warehouseId,
        units: missing,
        reason: `short pick (${shortReason}) on picklist ${list.number}`,
      },
      user,
    );
    outcome = { done: `${missing} missing unit(s) moved to ${moved.warehouseCode}`, nothingLeft: `every unit moved to ${moved.warehouseCode}` };
    await audit(outcome.done, { units: missing, toWarehouse: moved.warehouseCode, toFulfillmentId: moved.fulfillmentId, fulfillmentItemId: moved.fulfillmentItemId });
  } else {
    await writeOffReservedUnits(tx, { reservationId: item.item.reservationId, units: missing, reference: item.item.id });
    await setCancelledUnits(tx, item.item.id, item.item.cancelledQuantity + missing);
    await emit(tx, {
      name: "order/units-cancelled",
      aggregateId: item.orderId,
      payload: {
        orderId: item.orderId,
        fulfillmentItemId: item.item.id,
        productId: item.item.productId,
        units: missing,
        amount: (await previewRefund(tx, item.orderId, [{ orderItemId: item.item.orderItemId, units: missing }])).toFixed(2),
        currency: item.currency,
        reason: `short pick (${shortReason})`,
      },
    });
    outcome = { done: `${missing} missing unit(s) cancelled and refunded`, nothingLeft: "every unit was missing at the pick" };
    await audit(outcome.done, { units: missing });
  }

  await tx
    .update(picklistLines)
    .set(line.pickedQuantity > 0 ? { status: "picked", quantity: line.pickedQuantity } : { status: "cancelled" })
    .where(eq(picklistLines.id, line.id));
  const shipsAnything = await tx
    .select({ id: fulfillmentItems.id })
    .from(fulfillmentItems)
    .where(and(eq(fulfillmentItems.fulfillmentId, fulfillment!.id), gt(unitsToShipSql, 0)))
    .limit(1);
  if (shipsAnything.length === 0) {
    await transitionFulfillment(tx, fulfillment!.id, { to: "cancelled", reason: outcome.nothingLeft, actor, set: { attention: null } });
  } else {
    await transitionFulfillment(tx, fulfillment!.id, { to: "picking", reason: outcome.done, actor, set: { attention: null } });
    await completeFulfillmentIfPicked(tx, fulfillment!.id, `picklist ${list.number}`, actor);
  }
  await completePicklistIfDone(tx, list.id);
  return { action: input.action, units: missing };
}
