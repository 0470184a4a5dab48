import { describe, expect, it } from "vitest";
import { amount } from "@/server/vocabulary/money";
import type { Promotion } from "@/db/schema";
import { applyPromotions, normalizeCodes } from "./evaluate";

const now = new Date("2026-11-21T12:00:00Z");
let n = 0;
function promo(p: Partial<Promotion> & Pick<Promotion, "kind">): Promotion {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    code: p.code ?? `CODE${n}`,
    description: "",
    value: "0",
    currency: "USD",
    minSubtotal: "0",
    maxDiscount: null,
    startsAt: new Date("2026-01-01T00:00:00Z"),
    endsAt: null,
    usageLimit: null,
    usedCount: 0,
    perCustomerLimit: null,
    stackable: false,
    active: true,
    createdAt: now,
    ...p,
  };
}
const ctx = (subtotal: string, shipping = "5.99") => ({ subtotal: amount(subtotal), shipping: amount(shipping), currency: "USD", now });

describe("promotion discounts (PM-P0-02)", () => {
  it("takes a percentage of the subtotal, capped by the code's maximum", () => {
    expect(applyPromotions([promo({ kind: "percentage", value: "10" })], ctx("80.00")).discount.toFixed(2)).toBe("8.00");
    expect(applyPromotions([promo({ kind: "percentage", value: "50", maxDiscount: "20.00" })], ctx("80.00")).discount.toFixed(2)).toBe("20.00");
  });

  it("never discounts more than the amount", () => {
    expect(applyPromotions([promo({ kind: "fixed", value: "50.00" })], ctx("30.00")).discount.toFixed(2)).toBe("30.00");
    const stacked = applyPromotions(
      [promo({ kind: "percentage", value: "100", stackable: true }), promo({ kind: "fixed", value: "10.00", stackable: true })],
      ctx("40.00"),
    );
    expect(stacked.discount.toFixed(2)).toBe("40.00");
  });

  it("makes shipping free, and only shipping", () => {
    const outcome = applyPromotions([promo({ kind: "free_shipping" })], ctx("10.00", "14.99"));
    expect(outcome.discount.toFixed(2)).toBe("0.00");
    expect(outcome.shippingDiscount.toFixed(2)).toBe("14.99");
  });

  it("applies the percentage before the fixed amount, whatever order the codes were typed in", () => {
    const fixed = promo({ kind: "fixed", value: "10.00", stackable: true });
    const pct = promo({ kind: "percentage", value: "10", stackable: true });
    expect(applyPromotions([fixed, pct], ctx("100.00")).discount.toFixed(2)).toBe("20.00");
  });
});

describe("promotion rules (PM-P1-01)", () => {
  it("refuses to combine a non-stackable code", () => {
    const flash = promo({ kind: "percentage", value: "25", code: "FLASH25" });
    expect(() => applyPromotions([flash, promo({ kind: "free_shipping", stackable: true })], ctx("100.00"))).toThrow(
      "Code FLASH25 can't be combined with other codes.",
    );
  });

  it("allows one code of each kind only", () => {
    const a = promo({ kind: "fixed", value: "5.00", stackable: true });
    const b = promo({ kind: "fixed", value: "5.00", stackable: true });
    expect(() => applyPromotions([a, b], ctx("100.00"))).toThrow("Only one code of each kind can be used.");
  });

  it("explains each reason a code does not apply", () => {
    expect(() => applyPromotions([promo({ kind: "fixed", code: "OLD", endsAt: new Date("2026-06-01T00:00:00Z") })], ctx("10.00"))).toThrow("Code OLD has expired.");
    expect(() => applyPromotions([promo({ kind: "fixed", code: "SOON", startsAt: new Date("2027-01-01T00:00:00Z") })], ctx("10.00"))).toThrow(
      "Code SOON is not valid yet.",
    );
    expect(() => applyPromotions([promo({ kind: "fixed", code: "BIG", minSubtotal: "100.00" })], ctx("99.99"))).toThrow(
      "Code BIG needs a subtotal of at least 100.00 USD.",
    );
    expect(() => applyPromotions([promo({ kind: "fixed", code: "GONE", usageLimit: 5, usedCount: 5 })], ctx("10.00"))).toThrow("Code GONE has been used up.");
    expect(() => applyPromotions([promo({ kind: "fixed", code: "OFF", active: false })], ctx("10.00"))).toThrow("Code OFF is no longer active.");
  });

  it("normalises what people type", () => {
    expect(normalizeCodes([" welcome10 ", "WELCOME10", "", "freeship"])).toEqual(["WELCOME10", "FREESHIP"]);
  });
});
