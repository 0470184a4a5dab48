import { asc, eq } from "drizzle-orm";
import { amount, toDb } from "@/server/vocabulary/money";
import { MIN_OVERRIDE_REASON, type ItemConditionCode, type ReturnStatus } from "@/server/vocabulary/returns";
import type { Tx } from "@/db/client";
import { orderItems, returnItems, type Return } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { DomainError } from "@/server/lib/errors";
import { previewRefund } from "@/server/payments";
import { lockReturn, transitionReturn, type ReturnActor } from "./status";

/**
 * Each item's verdict. An item inspected as damaged or unsellable goes back on the shelf only
 * with `restockOverride` and a reason (recorded on the item and audited).
 */
export type Inspection = { itemId: string; condition: ItemConditionCode; restock: boolean; restockOverride?: { reason: string } }[];

/** What an ops action did: `changed: false` when the return was already there (a double click), with no second effect or audit row. */
export type ReturnActionResult = { return: Return; changed: boolean };

const staff = (user: SessionUser): ReturnActor => ({ label: `user:${user.id}`, userId: user.id });

/** Already where this action would take it, or past it on the same path: the repeat is a no-op. */
function alreadyDone(current: Return, reached: readonly ReturnStatus[]): boolean {
  return reached.includes(current.status);
}

/** Ops accept the customer's request: the parcel may be sent back. */
export async function approveReturn(tx: Tx, user: SessionUser, returnId: string): Promise<ReturnActionResult> {
  const current = await lockReturn(tx, returnId);
  if (alreadyDone(current, ["approved", "received", "refunded", "closed"])) return { return: current, changed: false };
  const moved = await transitionReturn(tx, current, "approved", { reason: "approved by ops", actor: staff(user) });
  await recordAudit(tx, user, { action: "return.approve", targetType: "return", targetId: current.id, targetLabel: current.number, orderId: current.orderId, details: { number: current.number } });
  return { return: moved, changed: true };
}

/** Ops refuse the request, with the reason the customer will see. */
export async function rejectReturn(tx: Tx, user: SessionUser, returnId: string, reason: string): Promise<ReturnActionResult> {
  const why = reason.trim();
  if (!why) throw new DomainError("INVALID_INPUT", "Say why the return is rejected.", { reason: "reason_required" });
  const current = await lockReturn(tx, returnId);
  if (alreadyDone(current, ["rejected"])) return { return: current, changed: false };
  const moved = await transitionReturn(tx, current, "rejected", { reason: `rejected: ${why}`, actor: staff(user) });
  await recordAudit(tx, user, {
    action: "return.reject",
    targetType: "return",
    targetId: current.id,
    targetLabel: current.number,
    orderId: current.orderId,
    reason: why,
    details: { number: current.number },
  });
  return { return: moved, changed: true };
}

/**
 * The parcel arrived and was inspected: each item's condition and whether it goes back on the
 * shelf (sellable items only; exchange returns never restock), the refund amount estimated
 * (the units' price with their share of tax, less their share of the discount, as a refund
 * claimed now would be; the settlement claims it for good and records the final amount;
 * nothing for an exchange), and the return moves to received. The refund and the restock run
 * after this commit, in the return-settle function off the received event.
 * A second receive (double click, two operators) finds it received and changes nothing.
 */
export async function receiveReturn(tx: Tx, user: SessionUser, returnId: string, inspection: Inspection): Promise<ReturnActionResult> {
  const current = await lockReturn(tx, returnId);
  if (alreadyDone(current, ["received", "refunded", "closed"])) return { return: current, changed: false };
  if (current.status !== "approved") {
    throw new DomainError("PRECONDITION_FAILED", `Return ${current.number} is ${current.status}: approve it before receiving it.`, {
      reason: "invalid_return_transition",
      status: current.status,
    });
  }
  const items = await tx
    .select({ item: returnItems, sku: orderItems.sku })
    .from(returnItems)
    .innerJoin(orderItems, eq(orderItems.id, returnItems.orderItemId))
    .where(eq(returnItems.returnId, current.id))
    .orderBy(asc(returnItems.productId), asc(returnItems.id));
  const byId = new Map(inspection.map((i) => [i.itemId, i]));
  if (byId.size !== inspection.length || inspection.length !== items.length || items.some((r) => !byId.has(r.item.id))) {
    throw new DomainError("INVALID_INPUT", "Inspect every item of the return once: a condition and restock yes or no for each.", { reason: "inspection_incomplete" });
  }
  for (const { item, sku } of items) {
    const verdict = byId.get(item.id)!;
    if (verdict.restock && current.kind === "exchange") {
      throw new DomainError("INVALID_INPUT", `Return ${current.number} is an exchange: exchange returns are never restocked.`, { reason: "exchange_no_restock" });
    }
    const overrideReason = verdict.restock && verdict.condition !== "sellable" ? restockOverrideReason(sku, verdict) : null;
    await tx.update(returnItems).set({ condition: verdict.condition, restock: verdict.restock, restockOverrideReason: overrideReason }).where(eq(returnItems.id, item.id));
    if (overrideReason) {
      await recordAudit(tx, user, {
        action: "return.restock_override",
        targetType: "return",
        targetId: current.id,
        targetLabel: `${current.number} · ${sku}`,
        orderId: current.orderId,
        reason: overrideReason,
        details: { number: current.number, itemId: item.id, sku, quantity: item.quantity, condition: verdict.condition },
      });
    }
  }
  const refund =
    current.kind === "exchange"
      ? amount(0)
      : await previewRefund(
          tx,
          current.orderId,
          items.map((r) => ({ orderItemId: r.item.orderItemId, units: r.item.quantity })),
        );
  const moved = await transitionReturn(tx, current, "received", {
    reason: current.kind === "exchange" ? "received and inspected (exchange)" : `received and inspected: ${current.currency} ${refund.toFixed(2)} to refund`,
    actor: staff(user),
    fields: { refundAmount: toDb(refund) },
  });
  await recordAudit(tx, user, {
    action: "return.receive",
    targetType: "return",
    targetId: current.id,
    targetLabel: current.number,
    orderId: current.orderId,
    details: {
      number: current.number,
      refundAmount: refund.toFixed(2),
      currency: current.currency,
      items: items.map(({ item, sku }) => ({ itemId: item.id, sku, quantity: item.quantity, ...byId.get(item.id) })),
    },
  });
  return { return: moved, changed: true };
}

/** The reason an item not inspected as sellable is restocked anyway; refused without an explicit override. */
function restockOverrideReason(sku: string, verdict: Inspection[number]): string {
  if (!verdict.restockOverride) {
    throw new DomainError(
      "INVALID_INPUT",
      `${sku} was inspected as ${verdict.condition}: only sellable items can be restocked, unless you override the inspection and say why.`,
      { reason: "restock_not_sellable", sku, condition: verdict.condition },
    );
  }
  const why = verdict.restockOverride.reason.trim();
  if (why.length < MIN_OVERRIDE_REASON) {
    throw new DomainError("INVALID_INPUT", `Say why ${sku} goes back on the shelf although it is ${verdict.condition} (at least ${MIN_OVERRIDE_REASON} characters).`, {
      reason: "override_reason_required",
      sku,
    });
  }
  return why;
}
