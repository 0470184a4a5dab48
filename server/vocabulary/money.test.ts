import { describe, expect, it } from "vitest";
import { amount, formatMoney, sum, toCents, toDb } from "./money";

describe("money (PR-P0-03)", () => {
  it("multiplies large prices by large quantities exactly, where floats drift", () => {
    expect(amount("9999999.99").times(99999).toFixed(2)).toBe("999989999000.01");
    expect(amount("123456789012345.67").times(3).toFixed(2)).toBe("370370367037037.01");
    expect((123456789012345.67 * 3).toFixed(2)).not.toBe("370370367037037.01");
  });

  it("sums many small amounts without drift", () => {
    const tenCents = Array.from({ length: 1000 }, () => amount("0.10"));
    expect(sum(tenCents).toFixed(2)).toBe("100.00");
    let float = 0;
    for (let i = 0; i < 1000; i++) float += 0.1;
    expect(float).not.toBe(100);
  });

  it("rounds to cents half-up", () => {
    expect(toCents(amount("2.345")).toFixed(2)).toBe("2.35");
    expect(toCents(amount("2.3449")).toFixed(2)).toBe("2.34");
  });

  it("refuses amounts that do not fit numeric(19,4) and fractional JS numbers", () => {
    expect(toDb(amount("999999999999999.9999"))).toBe("999999999999999.9999");
    expect(() => toDb(amount("1000000000000000"))).toThrow(/exceeds numeric\(19,4\)/);
    expect(() => amount(0.1)).toThrow(/never fractional numbers/);
  });

  it("formats for display from the decimal string", () => {
    expect(formatMoney("1234567890123.455", "USD")).toBe("$1,234,567,890,123.46");
    expect(formatMoney("24.9900", "USD")).toBe("$24.99");
  });
});
