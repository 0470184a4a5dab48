"use client";

import { useCallback, useSyncExternalStore } from "react";

/**
 * The one date/time formatter of the shop and the console (lint refuses `toLocale*String` and
 * `Intl.DateTimeFormat` anywhere else in app/ and components/).
 *
 * Dates are shown in the viewer's locale and time zone, which only the browser knows. The
 * server (and the hydrating first render, which must match it) writes a stable text in UTC
 * with the zone named, e.g. "Mar 4, 2026, 10:30 PM UTC"; right after hydration the browser
 * swaps in its own, e.g. "05.03.2026, 07:30" for de-DE in Asia/Tokyo. `useSyncExternalStore`
 * does that swap without a hydration mismatch: React hydrates with the server snapshot and
 * re-renders with the client's. Parts rendered only in the browser (after a query) get the
 * viewer's text straight away.
 */
export type DateTimeStyle = "date" | "datetime" | "datetime-seconds" | "time" | "time-seconds";

export type DateTimeValue = Date | string | number;

const styles: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  datetime: { dateStyle: "medium", timeStyle: "short" },
  "datetime-seconds": { dateStyle: "medium", timeStyle: "medium" },
  time: { timeStyle: "short" },
  "time-seconds": { timeStyle: "medium" },
};

/** Where a text is formatted for: undefined locale/zone = the runtime's own (the viewer's, in a browser). */
export type DateTimeAudience = { locale?: string; timeZone?: string };

/** What the server writes before the browser knows better. */
export const SERVER_AUDIENCE = { locale: "en-US", timeZone: "UTC" } as const satisfies DateTimeAudience;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(style: DateTimeStyle, audience: DateTimeAudience): Intl.DateTimeFormat {
  const key = `${style}|${audience.locale ?? ""}|${audience.timeZone ?? ""}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(audience.locale, { ...styles[style], ...(audience.timeZone ? { timeZone: audience.timeZone } : {}) });
    formats.set(key, format);
  }
  return format;
}

export function toDate(value: DateTimeValue): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * `value` as `audience` reads it; an invalid date gives "—". A text in the server's UTC names
 * its zone, since its reader may be anywhere.
 */
export function formatDateTime(value: DateTimeValue, style: DateTimeStyle = "datetime", audience: DateTimeAudience = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return "—";
  const text = formatter(style, audience).format(date);
  return style !== "date" && audience.timeZone === "UTC" ? `${text} UTC` : text;
}

const noSubscription = () => () => {};

/** False on the server and while hydrating, true once the browser has taken over. */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** For text that is not an element of its own (an attribute, a sentence built in code, a chart label). */
export function useFormatDateTime(): (value: DateTimeValue, style?: DateTimeStyle) => string {
  const inBrowser = useInBrowser();
  return useCallback((value, style = "datetime") => formatDateTime(value, style, inBrowser ? {} : SERVER_AUDIENCE), [inBrowser]);
}

/** A date or time in the viewer's locale and zone, as `<time dateTime="ISO">`. */
export function DateTime({ value, style = "datetime", className }: { value: DateTimeValue; style?: DateTimeStyle; className?: string }) {
  const format = useFormatDateTime();
  const date = toDate(value);
  return (
    <time dateTime={Number.isNaN(date.getTime()) ? undefined : date.toISOString()} className={className}>
      {format(date, style)}
    </time>
  );
}
