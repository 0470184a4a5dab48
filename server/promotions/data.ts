import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { toDb } from "@/server/vocabulary/money";
import type { DbOrTx, Tx } from "@/db/client";
import { promotionCustomerUsage, promotionRedemptions, promotions, type Promotion } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { AppliedPromotion } from "./evaluate";

/** Promotions for the given (normalised) codes; an unknown code is an error naming it. */
export async function promotionsByCodes(db: DbOrTx, codes: string[]): Promise<Promotion[]> {
  if (codes.length === 0) return [];
  const rows = await db.select().from(promotions).where(inArray(promotions.code, codes));
  for (const code of codes) {
    if (!rows.some((r) => r.code === code)) {
      throw new DomainError("NOT_FOUND", `Code ${code} doesn't exist. Check the spelling.`, { reason: "promotion_unknown", code });
    }
  }
  return codes.map((code) => rows.find((r) => r.code === code)!);
}

/**
 * Counts one use of each applied code inside the order's transaction with guarded updates, so
 * a code with N uses left is redeemed at most N times however many checkouts race (PM-P0-01),
 * and a customer never goes past the per-customer limit.
 */
export async function redeemPromotions(
  tx: Tx,
  applied: AppliedPromotion[],
  limits: Map<string, Promotion>,
  who: { orderId: string; customerId: string | null; customerKey: string },
): Promise<void> {
  for (const a of [...applied].sort((x, y) => x.promotionId.localeCompare(y.promotionId))) {
    const counted = await tx
      .update(promotions)
      .set({ usedCount: sql`${promotions.usedCount} + 1` })
      .where(and(eq(promotions.id, a.promotionId), sql`(${promotions.usageLimit} is null or ${promotions.usedCount} < ${promotions.usageLimit})`))
      .returning({ id: promotions.id });
    if (counted.length === 0) {
      throw new DomainError("PRECONDITION_FAILED", `Code ${a.code} has been used up.`, { reason: "promotion_exhausted", code: a.code });
    }
    const perCustomer = limits.get(a.promotionId)?.perCustomerLimit ?? null;
    if (perCustomer !== null) {
      const used = await tx
        .insert(promotionCustomerUsage)
        .values({ promotionId: a.promotionId, customerKey: who.customerKey, used: 1 })
        .onConflictDoUpdate({
          target: [promotionCustomerUsage.promotionId, promotionCustomerUsage.customerKey],
          set: { used: sql`${promotionCustomerUsage.used} + 1` },
          setWhere: sql`${promotionCustomerUsage.used} < ${perCustomer}`,
        })
        .returning({ used: promotionCustomerUsage.used });
      if (used.length === 0) {
        throw new DomainError("PRECONDITION_FAILED", `You've already used code ${a.code} as often as it allows.`, {
          reason: "promotion_customer_limit",
          code: a.code,
        });
      }
    }
    await tx.insert(promotionRedemptions).values({
      promotionId: a.promotionId,
      orderId: who.orderId,
      customerId: who.customerId,
      customerKey: who.customerKey,
      discount: toDb(a.discount.plus(a.shippingDiscount)),
    });
  }
}

/** Gives back the uses of a cancelled order's codes (once: released_at marks them). */
export async function releasePromotions(tx: Tx, orderId: string): Promise<number> {
  const released = await tx
    .update(promotionRedemptions)
    .set({ releasedAt: sql`now()` })
    .where(and(eq(promotionRedemptions.orderId, orderId), isNull(promotionRedemptions.releasedAt)))
    .returning({ promotionId: promotionRedemptions.promotionId, customerKey: promotionRedemptions.customerKey });
  // Same lock order as redeemPromotions (by promotion id), so release and redeem can't deadlock.
  for (const r of released.sort((a, b) => a.promotionId.localeCompare(b.promotionId))) {
    await tx
      .update(promotions)
      .set({ usedCount: sql`greatest(${promotions.usedCount} - 1, 0)` })
      .where(eq(promotions.id, r.promotionId));
    await tx
      .update(promotionCustomerUsage)
      .set({ used: sql`greatest(${promotionCustomerUsage.used} - 1, 0)` })
      .where(and(eq(promotionCustomerUsage.promotionId, r.promotionId), eq(promotionCustomerUsage.customerKey, r.customerKey)));
  }
  return released.length;
}

/** Refuses codes this customer already used as often as they allow (the guarded upsert at redemption is what enforces it). */
export async function checkCustomerLimits(db: DbOrTx, candidates: Promotion[], customerKey: string): Promise<void> {
  const limited = candidates.filter((p) => p.perCustomerLimit !== null);
  if (limited.length === 0) return;
  const usage = await db
    .select({ promotionId: promotionCustomerUsage.promotionId, used: promotionCustomerUsage.used })
    .from(promotionCustomerUsage)
    .where(and(inArray(promotionCustomerUsage.promotionId, limited.map((p) => p.id)), eq(promotionCustomerUsage.customerKey, customerKey)));
  for (const p of limited) {
    const used = usage.find((u) => u.promotionId === p.id)?.used ?? 0;
    if (used >= p.perCustomerLimit!) {
      throw new DomainError("PRECONDITION_FAILED", `You've already used code ${p.code} as often as it allows.`, {
        reason: "promotion_customer_limit",
        code: p.code,
      });
    }
  }
}
