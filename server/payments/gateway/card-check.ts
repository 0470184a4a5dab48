/*
 * What a card network (and Stripe, when it makes a PaymentMethod) checks before any payment:
 * the number's length, brand and Luhn digit, an expiry not in the past, a security code of the
 * brand's length. Pure, so the sandbox card form runs the very same check in the browser that
 * the payment sandbox runs on the server. Codes and messages are Stripe's.
 */

/** Stripe's error codes for card details refused before any charge (`card_error` at creation). */
export type CardInputErrorCode = "invalid_number" | "incorrect_number" | "invalid_expiry_month" | "invalid_expiry_year" | "invalid_cvc";

export type CardDetails = { number: string; expMonth: number; expYear: number; cvc: string };

export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "diners" | "jcb" | "unionpay" | "unknown";

export type CardCheck =
  | { ok: true; brand: CardBrand; last4: string; digits: string }
  | { ok: false; code: CardInputErrorCode; message: string; field: "number" | "expiry" | "cvc" };

const messages: Record<CardInputErrorCode, string> = {
  invalid_number: "Your card number is invalid.",
  incorrect_number: "Your card number is incorrect.",
  invalid_expiry_month: "Your card's expiration month is invalid.",
  invalid_expiry_year: "Your card's expiration year is invalid.",
  invalid_cvc: "Your card's security code is invalid.",
};

const refused = (code: CardInputErrorCode, field: "number" | "expiry" | "cvc"): CardCheck => ({ ok: false, code, message: messages[code], field });

const brands: { brand: Exclude<CardBrand, "unknown">; prefix: RegExp; lengths: number[] }[] = [
  { brand: "amex", prefix: /^3[47]/, lengths: [15] },
  { brand: "visa", prefix: /^4/, lengths: [13, 16, 19] },
  { brand: "mastercard", prefix: /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { brand: "discover", prefix: /^(6011|65|64[4-9])/, lengths: [16, 17, 18, 19] },
  { brand: "diners", prefix: /^(30[0-5]|36|38|39)/, lengths: [14, 15, 16, 17, 18, 19] },
  { brand: "jcb", prefix: /^35(2[89]|[3-8])/, lengths: [16, 17, 18, 19] },
  { brand: "unionpay", prefix: /^62/, lengths: [16, 17, 18, 19] },
];

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card number alone: digits (spaces and dashes allowed), a known length, the Luhn digit. */
export function checkCardNumber(raw: string): CardCheck {
  const digits = raw.replace(/[\s-]/g, "");
  if (!/^\d+$/.test(digits)) return refused("invalid_number", "number");
  const known = brands.find((b) => b.prefix.test(digits));
  const lengthOk = known ? known.lengths.includes(digits.length) : digits.length >= 12 && digits.length <= 19;
  if (!lengthOk) return refused("invalid_number", "number");
  if (!luhnValid(digits)) return refused("incorrect_number", "number");
  return { ok: true, brand: known?.brand ?? "unknown", last4: digits.slice(-4), digits };
}

/** A card as entered: its number, an expiry month and year not past (at `now`), its security code. */
export function checkCard(card: CardDetails, now: Date = new Date()): CardCheck {
  const number = checkCardNumber(card.number);
  if (!number.ok) return number;
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12) return refused("invalid_expiry_month", "expiry");
  const year = now.getUTCFullYear();
  if (!Number.isInteger(card.expYear) || card.expYear < year || card.expYear > year + 50) return refused("invalid_expiry_year", "expiry");
  if (card.expYear === year && card.expMonth < now.getUTCMonth() + 1) return refused("invalid_expiry_month", "expiry");
  const cvcLength = number.brand === "amex" ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc.trim())) return refused("invalid_cvc", "cvc");
  return number;
}

/** "MM/YY" or "MM / YYYY" as typed → month and four-digit year; NaN parts when unreadable. */
export function parseExpiry(raw: string): { expMonth: number; expYear: number } {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (!match) return { expMonth: Number.NaN, expYear: Number.NaN };
  const year = Number(match[2]);
  return { expMonth: Number(match[1]), expYear: match[2]!.length === 2 ? 2000 + year : year };
}

/** "visa" → "Visa", for the order page and the console. */
export function brandLabel(brand: string): string {
  const labels: Record<string, string> = {
    visa: "Visa",
    mastercard: "Mastercard",
    amex: "American Express",
    discover: "Discover",
    diners: "Diners Club",
    jcb: "JCB",
    unionpay: "UnionPay",
  };
  return labels[brand] ?? "Card";
}
