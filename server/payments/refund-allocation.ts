import { amount, sum, toCents, ZERO, type Amount } from "@/server/vocabulary/money";

/**
 * What an order's goods cost the customer, line by line, and what refunding some of their
 * units gives back: the unit price plus the units' share of tax, less their share of the
 * discount. Pure (decimal.js, cents), so a property test can check every claim below.
 *
 * - Each line's share of the discount (by line total) and of the tax (by discounted line total)
 *   is allocated by largest remainder, in cents: the lines' amounts sum exactly to
 *   subtotal − discount + tax.
 * - Within a line, the first m units are worth floor(line amount × m / quantity) cents and all
 *   of them exactly the line amount (the odd cents go with the last units). A refund of n more
 *   units after k is worth(k + n) − worth(k): never negative, and any sequence of refunds of a
 *   line sums to at most its amount, exactly its amount once every unit is refunded.
 * - Shipping is not part of it: a short pick or a return keeps the shipping paid; only a
 *   whole-order cancel (which refunds whatever is left of the payment) gives it back.
 */
export type AllocationOrder = {
  lines: { id: string; unitPrice: string; quantity: number }[];
  discount: string;
  tax: string;
};

const CENT = amount("0.01");
const cents = (value: Amount) => value.dividedBy(CENT);

/**
 * Splits `total` (cents) over `weights` in proportion, by largest remainder: every share in
 * cents, the shares summing exactly to `total`; ties go to the earlier weight.
 */
export function largestRemainder(total: Amount, weights: Amount[]): Amount[] {
  const positive = weights.map((w) => (w.greaterThan(0) ? w : ZERO));
  const whole = sum(positive);
  if (total.isZero() || weights.length === 0) return weights.map(() => ZERO);
  if (whole.isZero()) throw new Error(`cannot allocate ${total.toFixed(2)} over lines worth nothing`);
  const totalCents = cents(toCents(total));
  const quotas = positive.map((w) => totalCents.times(w).dividedBy(whole));
  const floors = quotas.map((q) => q.floor());
  let left = totalCents.minus(sum(floors)).toNumber();
  const order = quotas.map((q, i) => ({ i, rest: q.minus(floors[i]!) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i]!.plus(1);
    left -= 1;
  }
  return floors.map((f) => f.times(CENT));
}

export type LineAllocation = { id: string; quantity: number; lineTotal: Amount; discount: Amount; tax: Amount; amount: Amount };

/** Each line's share of discount and tax, and what all its units cost (sums to subtotal − discount + tax). */
export function allocateLines(order: AllocationOrder): LineAllocation[] {
  const lineTotals = order.lines.map((l) => amount(l.unitPrice).times(l.quantity));
  const discounts = largestRemainder(amount(order.discount), lineTotals);
  const taxes = largestRemainder(
    amount(order.tax),
    lineTotals.map((t, i) => t.minus(discounts[i]!)),
  );
  const exact = lineTotals.map((t, i) => t.minus(discounts[i]!).plus(taxes[i]!));
  // Prices with fractions of a cent: the goods are paid in cents, so the lines share the cents.
  const paid = toCents(sum(exact));
  const amounts = exact.every((a) => toCents(a).equals(a) && a.greaterThanOrEqualTo(0)) ? exact : largestRemainder(paid, exact);
  return order.lines.map((l, i) => ({ id: l.id, quantity: l.quantity, lineTotal: lineTotals[i]!, discount: discounts[i]!, tax: taxes[i]!, amount: amounts[i]! }));
}

/** What the first `units` units of a line are worth: floor in cents, the whole line exactly. */
export function worthOfUnits(line: Pick<LineAllocation, "quantity" | "amount">, units: number): Amount {
  if (!Number.isInteger(units) || units < 0 || units > line.quantity) throw new Error(`${units} units of a line of ${line.quantity}`);
  if (units === line.quantity) return line.amount;
  return cents(line.amount).times(units).dividedBy(line.quantity).floor().times(CENT);
}

/** The refund of `units` more units of a line of which `alreadyRefunded` were refunded before. */
export function refundForUnits(line: Pick<LineAllocation, "quantity" | "amount">, alreadyRefunded: number, units: number): Amount {
  const upTo = Math.min(line.quantity, alreadyRefunded + units);
  const from = Math.min(line.quantity, alreadyRefunded);
  return worthOfUnits(line, upTo).minus(worthOfUnits(line, from));
}
