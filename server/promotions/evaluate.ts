import { amount, min, sum, toCents, ZERO, type Amount } from "@/server/vocabulary/money";
import type { Promotion } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";

export const MAX_CODES = 3;

export type AppliedPromotion = { promotionId: string; code: string; kind: Promotion["kind"]; discount: Amount; shippingDiscount: Amount };
export type PromotionOutcome = { applied: AppliedPromotion[]; discount: Amount; shippingDiscount: Amount };

function rejected(code: string, why: string, reason: string): never {
  throw new DomainError("PRECONDITION_FAILED", `Code ${code} ${why}`, { reason, code });
}

/** Checks that a code may be used now on this order; throws a message naming the code and why. */
export function checkEligible(p: Promotion, ctx: { subtotal: Amount; currency: string; now: Date }): void {
  if (!p.active) rejected(p.code, "is no longer active.", "promotion_inactive");
  if (p.startsAt > ctx.now) rejected(p.code, "is not valid yet.", "promotion_not_started");
  if (p.endsAt && p.endsAt <= ctx.now) rejected(p.code, "has expired.", "promotion_expired");
  if (p.usageLimit !== null && p.usedCount >= p.usageLimit) rejected(p.code, "has been used up.", "promotion_exhausted");
  if (p.kind === "fixed" && p.currency !== ctx.currency) rejected(p.code, `only applies to ${p.currency} orders.`, "promotion_currency");
  const minimum = amount(p.minSubtotal);
  if (ctx.subtotal.lessThan(minimum)) {
    rejected(p.code, `needs a subtotal of at least ${minimum.toFixed(2)} ${ctx.currency}.`, "promotion_min_subtotal");
  }
}

/**
 * Applies codes in a fixed order (percentage, then fixed, then free shipping). Stacking is
 * explicit (PM-P1-01): several codes only if every one is stackable, never the same kind twice.
 * The discount never exceeds a code's maximum nor what is left of the subtotal (PM-P0-02).
 */
export function applyPromotions(
  promotions: Promotion[],
  ctx: { subtotal: Amount; shipping: Amount; currency: string; now: Date },
): PromotionOutcome {
  if (promotions.length > MAX_CODES) throw new DomainError("INVALID_INPUT", `Use at most ${MAX_CODES} promotion codes.`);
  if (promotions.length > 1) {
    const loner = promotions.find((p) => !p.stackable);
    if (loner) rejected(loner.code, "can't be combined with other codes.", "promotion_not_stackable");
    const kinds = new Set(promotions.map((p) => p.kind));
    if (kinds.size < promotions.length) throw new DomainError("PRECONDITION_FAILED", "Only one code of each kind can be used.", { reason: "promotion_same_kind" });
  }
  for (const p of promotions) checkEligible(p, ctx);

  const order = { percentage: 0, fixed: 1, free_shipping: 2 } as const;
  let remaining = ctx.subtotal;
  const applied: AppliedPromotion[] = [];
  for (const p of [...promotions].sort((a, b) => order[a.kind] - order[b.kind])) {
    let discount = ZERO;
    let shippingDiscount = ZERO;
    if (p.kind === "percentage") discount = toCents(remaining.times(amount(p.value)).dividedBy(100));
    if (p.kind === "fixed") discount = amount(p.value);
    if (p.kind === "free_shipping") shippingDiscount = ctx.shipping;
    if (p.maxDiscount !== null) discount = min(discount, amount(p.maxDiscount));
    discount = min(discount, remaining);
    remaining = remaining.minus(discount);
    applied.push({ promotionId: p.id, code: p.code, kind: p.kind, discount, shippingDiscount });
  }
  return {
    applied,
    discount: sum(applied.map((a) => a.discount)),
    shippingDiscount: min(sum(applied.map((a) => a.shippingDiscount)), ctx.shipping),
  };
}

export function normalizeCodes(codes: string[]): string[] {
  return [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
}
