import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { DateTime, formatDateTime } from "./date-time";

/** 22:30 UTC on March 4th is already March 5th in Tokyo. */
const instant = "2026-03-04T22:30:00.000Z";

describe("the one date/time formatter of shop and console (issue 12 item 5)", () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("formats in the viewer's locale and time zone", () => {
    expect(formatDateTime(instant, "datetime", { locale: "de-DE", timeZone: "Asia/Tokyo" })).toBe("05.03.2026, 07:30");
    expect(formatDateTime(instant, "date", { locale: "de-DE", timeZone: "Asia/Tokyo" })).toBe("05.03.2026");
    expect(formatDateTime(instant, "time", { locale: "de-DE", timeZone: "Asia/Tokyo" })).toBe("07:30");
    expect(formatDateTime(instant, "datetime-seconds", { locale: "en-GB", timeZone: "Europe/London" })).toBe("4 Mar 2026, 22:30:00");
    expect(formatDateTime(new Date(instant), "datetime", { locale: "en-US", timeZone: "America/New_York" })).toMatch(/^Mar 4, 2026, 5:30\sPM$/);
  });

  it("names the zone of a UTC text, and says a broken date is none", () => {
    expect(formatDateTime(instant, "datetime", { locale: "en-US", timeZone: "UTC" })).toMatch(/^Mar 4, 2026, 10:30\sPM UTC$/);
    expect(formatDateTime(instant, "date", { locale: "en-US", timeZone: "UTC" })).toBe("Mar 4, 2026");
    expect(formatDateTime("not a date")).toBe("—");
  });

  it("renders on the server a <time> with the ISO instant and a UTC text that does not depend on the server's own zone", () => {
    process.env.TZ = "Asia/Tokyo";
    const html = renderToString(createElement(DateTime, { value: new Date(instant) }));
    expect(html).toContain(`dateTime="${instant}"`);
    expect(html).toMatch(/>Mar 4, 2026, 10:30\sPM UTC<\/time>/);
    expect(renderToString(createElement(DateTime, { value: instant, style: "date" }))).toMatch(/>Mar 4, 2026<\/time>/);
  });
});
