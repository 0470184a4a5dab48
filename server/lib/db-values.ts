import { z } from "zod";

/**
 * Values PostgreSQL takes from us, so input beyond them is refused as bad input instead of
 * failing the query (a 500). The driver sends a Date as ISO 8601 text, whose years have four
 * digits: a year after 9999 ("+010000-01-01…") or before 1 ("0000-…") is text PostgreSQL refuses.
 */
export const EARLIEST_DATE = new Date("0001-01-01T00:00:00.000Z");
export const LATEST_DATE = new Date("9999-12-31T23:59:59.999Z");
export const MAX_BIGINT = 9_223_372_036_854_775_807n;

const outOfRange = "Give a date between the years 1 and 9999";

/** A date input the database can take; `message` when it is not a date at all. */
export function dateInput(message: string) {
  return z.date(message).min(EARLIEST_DATE, outOfRange).max(LATEST_DATE, outOfRange);
}

/** A bigint id as decimal text, within the range of PostgreSQL's bigint. */
export function isBigintText(text: string): boolean {
  return /^\d{1,19}$/.test(text) && BigInt(text) <= MAX_BIGINT;
}

const UTC_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** UTC timestamp text to the microsecond ("2025-01-31T09:30:00.123456Z") naming a real instant in the years 1 to 9999. */
export function isTimestampText(text: string): boolean {
  if (!UTC_MICROS.test(text)) return false;
  const date = new Date(text);
  // A month 13 or a February 30 does not survive the round trip.
  return !Number.isNaN(date.getTime()) && date >= EARLIEST_DATE && date.toISOString().slice(0, 23) === text.slice(0, 23);
}
