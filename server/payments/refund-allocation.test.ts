import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amount, sum, toCents, ZERO } from "@/server/vocabulary/money";
import { allocateLines, largestRemainder, refundForUnits } from "./refund-allocation";

/** A random order as checkout prices it: cent prices, a discount up to the subtotal, state tax on the discounted goods. */
const orderArb = fc
  .record({
    lines: fc.array(fc.record({ cents: fc.integer({ min: 0, max: 50_000 }), quantity: fc.integer({ min: 1, max: 7 }) }), { minLength: 1, maxLength: 5 }),
    discountShare: fc.integer({ min: 0, max: 100 }),
    taxRateThousandths: fc.integer({ min: 0, max: 12_000 }),
  })
  .map(({ lines, discountShare, taxRateThousandths }) => {
    const priced = lines.map((l, i) => ({ id: `line-${i}`, unitPrice: amount(l.cents).dividedBy(100).toFixed(4), quantity: l.quantity }));
    const subtotal = sum(priced.map((l) => amount(l.unitPrice).times(l.quantity)));
    const discount = toCents(subtotal.times(discountShare).dividedBy(100));
    const tax = toCents(subtotal.minus(discount).times(taxRateThousandths).dividedBy(100_000));
    return { lines: priced, discount: discount.toFixed(4), tax: tax.toFixed(4), goods: subtotal.minus(discount).plus(tax) };
  });

/** Refunds of some units of some lines, in any order and any split. */
const stepsArb = fc.array(fc.record({ line: fc.nat(), units: fc.integer({ min: 1, max: 7 }) }), { maxLength: 20 });

const isCents = (v: ReturnType<typeof amount>) => toCents(v).equals(v);

describe("refund allocation: tax and discount shares, never more than paid (issue 12 item 3, OR-P1-05, PR-P0-03)", () => {
  it("splits an amount by largest remainder into cents that sum to it exactly", () => {
    expect(largestRemainder(amount("1.00"), [amount(1), amount(1), amount(1)]).map((v) => v.toFixed(2))).toEqual(["0.34", "0.33", "0.33"]);
    expect(largestRemainder(ZERO, [ZERO])).toEqual([ZERO]);
  });

  it("gives each line its share: the lines sum exactly to subtotal − discount + tax", () => {
    fc.assert(
      fc.property(orderArb, (order) => {
        const lines = allocateLines(order);
        expect(sum(lines.map((l) => l.amount)).toFixed(4)).toBe(order.goods.toFixed(4));
        expect(sum(lines.map((l) => l.discount)).toFixed(4)).toBe(amount(order.discount).toFixed(4));
        expect(sum(lines.map((l) => l.tax)).toFixed(4)).toBe(amount(order.tax).toFixed(4));
        for (const l of lines) expect(l.amount.greaterThanOrEqualTo(0) && isCents(l.amount)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("refunds of any sequence are non-negative cents, never exceed what was paid, and refunding every unit gives back exactly that", () => {
    fc.assert(
      fc.property(orderArb, stepsArb, (order, steps) => {
        const lines = allocateLines(order);
        const refunded = lines.map(() => 0);
        let given = ZERO;
        const refund = (i: number, units: number) => {
          const value = refundForUnits(lines[i]!, refunded[i]!, units);
          expect(value.greaterThanOrEqualTo(0)).toBe(true);
          expect(isCents(value)).toBe(true);
          refunded[i] = refunded[i]! + units;
          given = given.plus(value);
          expect(given.lessThanOrEqualTo(order.goods)).toBe(true);
        };
        for (const step of steps) {
          const i = step.line % lines.length;
          const units = Math.min(step.units, lines[i]!.quantity - refunded[i]!);
          if (units > 0) refund(i, units);
        }
        // Then the rest of every line, whatever came before: exactly what the goods cost.
        lines.forEach((l, i) => {
          if (l.quantity > refunded[i]!) refund(i, l.quantity - refunded[i]!);
        });
        expect(given.toFixed(4)).toBe(order.goods.toFixed(4));
      }),
      { numRuns: 1000 },
    );
  });

  it("refunds the issue's order in full: $83.00 of goods + $5.50 tax (NJ 6.625%) give back $88.50", () => {
    const order = { lines: [{ id: "a", unitPrice: "20.7500", quantity: 4 }], discount: "0", tax: "5.5000" };
    const [line] = allocateLines(order);
    const shortPick = refundForUnits(line!, 0, 1);
    const ret = refundForUnits(line!, 1, 3);
    expect(shortPick.toFixed(2)).toBe("22.12");
    expect(shortPick.plus(ret).toFixed(2)).toBe("88.50");
  });
});
