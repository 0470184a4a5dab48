import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, readHeader } from "./csv";

describe("parseCsv (RFC 4180)", () => {
  it("reads plain, quoted, escaped and multi-line fields with CRLF or LF, skipping blank lines and a BOM", () => {
    const text = '\uFEFFsku,name\r\nA-1,"Mug, blue"\r\n\r\nB-2,"He said ""hi"""\nC-3,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["sku", "name"] },
      { line: 2, fields: ["A-1", "Mug, blue"] },
      { line: 4, fields: ["B-2", 'He said "hi"'] },
      { line: 5, fields: ["C-3", "two\nlines"] },
    ]);
  });

  it("keeps empty fields and a last line without a newline", () => {
    expect(parseCsv("a,,c\n,,")).toEqual([
      { line: 1, fields: ["a", "", "c"] },
      { line: 2, fields: ["", "", ""] },
    ]);
  });

  it("names the row of a broken quote", () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\nx"y,c\n')).toThrow(/Row 2/);
    expect(() => parseCsv('a,b\n"x"y,c\n')).toThrow(/Row 2/);
  });
});

describe("readHeader", () => {
  it("finds the columns in any order and case, and reports missing, unknown and repeated ones on row 1", () => {
    const ok = readHeader(parseCsv("SKU,Amount,currency\nA,1,USD\n"), ["sku", "currency", "amount"] as const);
    expect(ok).toMatchObject({ ok: true, index: { sku: 0, amount: 1, currency: 2 } });
    const bad = readHeader(parseCsv("sku,price,sku\n"), ["sku", "currency", "amount"] as const);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => [e.row, e.column])).toEqual([
        [1, "currency"],
        [1, "amount"],
        [1, "price"],
        [1, "sku"],
      ]);
    }
  });
});
