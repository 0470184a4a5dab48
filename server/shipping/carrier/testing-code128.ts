/**
 * Test helper: reads a Code 128 barcode back from the PNG bwip-js draws (8-bit RGBA, no
 * interlace), so tests prove the label's barcode scans as the tracking number.
 */
import { inflateSync } from "node:zlib";

// Bar/space widths of the 107 Code 128 symbols, by value (103-105 start A/B/C, 106 stop).
const PATTERNS = (
  "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 " +
  "122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 " +
  "321221 312212 322112 322211 212123 212321 232121 111323 131123 131321 112313 132113 132311 " +
  "211313 231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 231131 213113 " +
  "213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 111422 " +
  "121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 " +
  "241112 134111 111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 " +
  "412121 111143 111341 131141 114113 114311 411113 411311 113141 114131 311141 411131 211412 " +
  "211214 211232 2331112"
).split(" ");

/** Dark (true) / light pixels of the middle row of a PNG. */
export function middleRow(png: Uint8Array): boolean[] {
  const buf = Buffer.from(png);
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  if (buf[24] !== 8 || buf[25] !== 6 || buf[28] !== 0) throw new Error("expected an 8-bit RGBA, non-interlaced PNG");
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    if (buf.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(buf.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = 1 + width * 4;
  const start = Math.floor(height / 2) * stride;
  if (raw[start] !== 0) throw new Error("expected unfiltered rows");
  return Array.from({ length: width }, (_, x) => (raw[start + 1 + x * 4] ?? 255) < 128);
}

function runs(row: boolean[]): number[] {
  const first = row.indexOf(true);
  const last = row.lastIndexOf(true);
  if (first < 0) throw new Error("no bars found");
  const out: number[] = [];
  let length = 0;
  for (let x = first; x <= last; x++) {
    length += 1;
    if (x === last || row[x + 1] !== row[x]) {
      out.push(length);
      length = 0;
    }
  }
  return out;
}

/** Decodes code sets A, B and C; throws on an unknown symbol or a wrong check digit. */
export function decodeCode128(row: boolean[], scale: number): string {
  const modules = runs(row).map((r) => Math.round(r / scale));
  const values: number[] = [];
  for (let i = 0; i < modules.length; ) {
    const size = modules.length - i === 7 ? 7 : 6;
    const pattern = modules.slice(i, i + size).join("");
    i += size;
    const value = PATTERNS.indexOf(pattern);
    if (value < 0) throw new Error(`unknown Code 128 symbol ${pattern}`);
    values.push(value);
  }
  if (values.pop() !== 106) throw new Error("missing stop symbol");
  const check = values.pop();
  const sum = values.reduce((acc, v, i) => acc + v * Math.max(i, 1), 0);
  if (check !== sum % 103) throw new Error("wrong check digit");
  const start = values.shift();
  let set = start === 105 ? "C" : start === 103 ? "A" : "B";
  let text = "";
  for (const v of values) {
    if (set === "C" && v < 100) text += String(v).padStart(2, "0");
    else if (v === 99) set = "C";
    else if (v === 100) set = "B";
    else if (v === 101) set = "A";
    else if (set === "B" && v < 96) text += String.fromCharCode(v + 32);
    else if (set === "A" && v < 96) text += String.fromCharCode(v < 64 ? v + 32 : v - 64);
    else throw new Error(`unsupported symbol ${v} in set ${set}`);
  }
  return text;
}
