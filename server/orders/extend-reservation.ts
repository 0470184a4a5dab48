import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { OrderStatus } from "@/server/vocabulary/orders";
import { orders, reservations } from "@/db/schema";
import { reservationLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { extendActiveReservations } from "@/server/inventory";
import type { ReservationActionResult } from "@/server/inventory";
import { DomainError } from "@/server/lib/errors";

/** Bounds of a TTL extension. */
export const EXTEND_MIN_MINUTES = 1;
export const EXTEND_MAX_MINUTES = 24 * 60;

function orderLabel(status: OrderStatus) {
  return status.replaceAll("_", " ");
}

/**
 * Gives an unpaid order `minutes` more from now: its active reservations and the order's own
 * reservation deadline (what the expiry cron reads) move to now + minutes. Locks the order
 * first, then its reservations in (warehouse, product) order, like every other path. Extending
 * to (about) the deadline it already has changes nothing, so a double click is one effect.
 */
export async function extendReservation(
  tx: Tx,
  actor: SessionUser,
  input: { reservationId: string; minutes: number; reason?: string },
): Promise<ReservationActionResult & { expiresAt: Date }> {
  if (!Number.isInteger(input.minutes) || input.minutes < EXTEND_MIN_MINUTES || input.minutes > EXTEND_MAX_MINUTES) {
    throw new DomainError("INVALID_INPUT", `Extend by ${EXTEND_MIN_MINUTES} to ${EXTEND_MAX_MINUTES} minutes.`, { reason: "minutes_out_of_range" });
  }
  const [target] = await tx
    .select({ orderId: reservations.orderId, orderStatus: orders.status, number: orders.number })
    .from(reservations)
    .innerJoin(orders, eq(orders.id, reservations.orderId))
    .where(eq(reservations.id, input.reservationId));
  if (!target) throw new DomainError("NOT_FOUND", "That reservation no longer exists.");
  // Checked before any lock: only unpaid orders have a TTL, and they never ship.
  if (target.orderStatus !== "pending_payment") {
    throw new DomainError("PRECONDITION_FAILED", `Order ${target.number} is ${orderLabel(target.orderStatus)}: only an unpaid order's reservation has a time limit to extend.`, {
      reason: "not_extendable",
    });
  }
  const [order] = await tx.select().from(orders).where(eq(orders.id, target.orderId)).for("update");
  if (order!.status !== "pending_payment") {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order!.number} is ${orderLabel(order!.status)}: only an unpaid order's reservation has a time limit to extend.`, {
      reason: "not_extendable",
    });
  }
  const live = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.orderId, order!.id), inArray(reservations.status, ["active", "confirmed"])))
    .orderBy(asc(reservations.warehouseId), asc(reservations.productId))
    .for("update");
  const r = live.find((x) => x.id === input.reservationId);
  if (!r || r.status !== "active") {
    throw new DomainError("PRECONDITION_FAILED", "This reservation no longer holds stock for an unpaid order, so there is nothing to extend.", { reason: "not_active" });
  }
  const [deadline] = await tx.execute<{ until: string }>(sql`select (now() + make_interval(mins => ${input.minutes}))::text as until`);
  const expiresAt = new Date(deadline!.until);
  if (r.expiresAt && r.expiresAt.getTime() >= expiresAt.getTime() - 60_000) {
    return { outcome: "unchanged", reservationId: r.id, status: r.status, expiresAt: r.expiresAt };
  }
  const extended = live.filter((x) => x.status === "active").map((x) => x.id);
  await extendActiveReservations(tx, extended, expiresAt);
  await tx.update(orders).set({ reservationExpiresAt: expiresAt, updatedAt: sql`now()` }).where(eq(orders.id, order!.id));
  await recordAudit(tx, actor, {
    action: "reservation.extend",
    targetType: "reservation",
    targetId: r.id,
    targetLabel: await reservationLabel(tx, r),
    orderId: order!.id,
    reason: input.reason?.trim() ?? "",
    details: { minutes: input.minutes, previousExpiresAt: r.expiresAt?.toISOString() ?? null, expiresAt: expiresAt.toISOString(), reservations: extended },
  });
  return { outcome: "changed", reservationId: r.id, status: r.status, expiresAt };
}

/** A confirmed order holds its stock for good: it no longer has a reservation deadline. */
export async function clearReservationExpiry(tx: Tx, orderId: string): Promise<void> {
  await tx.update(orders).set({ reservationExpiresAt: null, updatedAt: sql`now()` }).where(eq(orders.id, orderId));
}
