import { and, eq, gt, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { orders } from "@/db/schema";
import type { CartOwner } from "@/server/cart";
import { DomainError } from "@/server/lib/errors";
import { addressSubject } from "@/server/rate-limits";

export type UnpaidOrderCaps = { perBuyer: number; perAddress: number };

function buyerCondition(owner: CartOwner): SQL {
  return owner.kind === "customer" ? eq(orders.customerId, owner.customerId) : eq(orders.guestTokenHash, owner.tokenHash);
}

const waitSeconds = (until: Date | null) => Math.max(1, Math.ceil(((until?.getTime() ?? Date.now()) - Date.now()) / 1000));

/**
 * Unpaid orders hold their stock until they are paid or expire, so a script placing orders it
 * never pays could empty the shop. Each buyer (customer or guest cart) and each client address
 * may hold only so many at once. Concurrent placements by the same buyer or address queue on
 * transaction-scoped advisory locks (taken in one order, so they cannot deadlock) and then count
 * in a fresh snapshot, so the caps hold under concurrency too. Both statements are sent at once
 * (pipelined on the transaction's connection): the server still runs the count only after the
 * locks are granted, with a snapshot taken then.
 */
export async function requireRoomForUnpaidOrder(tx: Tx, owner: CartOwner, address: string | null, caps: UnpaidOrderCaps): Promise<void> {
  const network = address ? addressSubject(address) : null;
  const buyerKey = owner.kind === "customer" ? `unpaid:customer:${owner.customerId}` : `unpaid:guest:${owner.tokenHash}`;
  const keys = [buyerKey, ...(network ? [`unpaid:address:${network}`] : [])].sort();
  const locked = tx.execute(sql`select ${sql.join(keys.map((k) => sql`pg_advisory_xact_lock(hashtextextended(${k}, 0))`), sql`, `)}`);

  const fromAddress = network ? sql`${orders.placedFrom} <<= ${network}::inet` : sql`false`;
  const counted = tx
    .select({
      byBuyer: sql<number>`count(*) filter (where ${buyerCondition(owner)})::int`,
      byAddress: sql<number>`count(*) filter (where ${fromAddress})::int`,
      buyerFreesAt: sql<Date | null>`min(${orders.reservationExpiresAt}) filter (where ${buyerCondition(owner)})`.mapWith(orders.reservationExpiresAt),
      addressFreesAt: sql<Date | null>`min(${orders.reservationExpiresAt}) filter (where ${fromAddress})`.mapWith(orders.reservationExpiresAt),
    })
    .from(orders)
    .where(and(eq(orders.status, "pending_payment"), gt(orders.reservationExpiresAt, sql`now()`), or(buyerCondition(owner), fromAddress)));
  const [, [held]] = await Promise.all([locked, counted]);
  if ((held?.byBuyer ?? 0) >= caps.perBuyer) {
    throw new DomainError(
      "RATE_LIMITED",
      `You already have ${held!.byBuyer} unpaid orders holding stock. Pay for or cancel one of them before placing another.`,
      { reason: "too_many_unpaid_orders", retryAfterSeconds: waitSeconds(held!.buyerFreesAt) },
    );
  }
  if ((held?.byAddress ?? 0) >= caps.perAddress) {
    throw new DomainError(
      "RATE_LIMITED",
      "Too many unpaid orders placed from your network are holding stock. Pay for one of them, or try again later.",
      { reason: "too_many_unpaid_orders", retryAfterSeconds: waitSeconds(held!.addressFreesAt) },
    );
  }
}
