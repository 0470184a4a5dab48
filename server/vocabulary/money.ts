import Decimal from "decimal.js";

/**
 * Money is decimal.js in code and numeric(19,4) in the database; a JS number never holds an
 * amount (PR-P0-03). Amounts are kept at 4 decimals and rounded to cents (half-up) where a
 * customer sees or pays them.
 */
export const MoneyDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Amount = InstanceType<typeof MoneyDecimal>;

/** The largest value numeric(19,4) holds. */
export const MAX_AMOUNT = new MoneyDecimal("999999999999999.9999");

export function amount(value: string | number | Amount): Amount {
  if (typeof value === "number" && !Number.isInteger(value)) {
    throw new Error("amounts are built from strings or integers, never fractional numbers");
  }
  return new MoneyDecimal(value);
}

export const ZERO = new MoneyDecimal(0);

export function sum(values: Amount[]): Amount {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

/** Cents, half-up: what is charged and shown. */
export function toCents(value: Amount): Amount {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The numeric(19,4) text of an amount; throws if it would not fit. */
export function toDb(value: Amount): string {
  const v = value.toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  if (v.abs().greaterThan(MAX_AMOUNT)) throw new Error(`amount ${v.toFixed(4)} exceeds numeric(19,4)`);
  return v.toFixed(4);
}

export function min(a: Amount, b: Amount): Amount {
  return a.lessThan(b) ? a : b;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "$1,234.50" — display only. */
export function formatMoney(value: Amount | string, currency: string): string {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { style: "currency", currency });
    formatters.set(currency, f);
  }
  // Intl takes a string to avoid float rounding of large values.
  return f.format(toCents(new MoneyDecimal(value)).toFixed(2) as `${number}`);
}
