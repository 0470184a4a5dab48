import { MoneyDecimal } from "@/server/vocabulary/money";
import { GatewayError, type Money } from "./types";

// Stripe's zero- and three-decimal currencies; every other currency has two decimals.
const ZERO_DECIMAL = new Set(
  "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split(" "),
);
const THREE_DECIMAL = new Set("BHD JOD KWD OMR TND".split(" "));

export function currencyExponent(currency: string): number {
  const c = currency.toUpperCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** "54.48" USD → 5448. Exact (decimal arithmetic); an amount finer than the currency allows is rejected, never rounded. */
export function toMinorUnits(money: Money): number {
  if (!/^[A-Za-z]{3}$/.test(money.currency)) {
    throw new GatewayError("invalid", `Invalid currency: ${money.currency}`, { code: "invalid_currency" });
  }
  let value;
  try {
    value = new MoneyDecimal(money.amount);
  } catch {
    throw new GatewayError("invalid", `Invalid amount: ${money.amount}`, { code: "parameter_invalid_integer" });
  }
  const minor = value.times(new MoneyDecimal(10).pow(currencyExponent(money.currency)));
  if (!minor.isInteger() || minor.isNegative() || !minor.isFinite()) {
    throw new GatewayError("invalid", `Amount ${money.amount} ${money.currency} is not a whole number of minor units`, {
      code: "parameter_invalid_integer",
    });
  }
  const n = minor.toNumber();
  if (!Number.isSafeInteger(n)) {
    throw new GatewayError("invalid", `Amount ${money.amount} ${money.currency} is too large`, { code: "amount_too_large" });
  }
  return n;
}

/** 5448, "usd" → "54.48". */
export function fromMinorUnits(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  return new MoneyDecimal(minor).div(new MoneyDecimal(10).pow(exp)).toFixed(exp);
}

/** The canonical decimal text of an amount ("10.5" and "10.5000" USD → "10.50"), for keys. */
export function normalizeAmount(money: Money): string {
  return fromMinorUnits(toMinorUnits(money), money.currency);
}
