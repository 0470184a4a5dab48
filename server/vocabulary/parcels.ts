import { shippingBoxes } from "@/server/vocabulary/boxes";

/** What each stocked box weighs empty, by box code. */
export const boxTareGrams: Record<string, number> = { S: 150, M: 250, L: 400, XL: 650 };

/** The smallest box for the contents: by weight and unit count, as the pack stations stock them. */
export function suggestBox(contentsGrams: number, units: number): { code: string; label: string; tareGrams: number } {
  const code = contentsGrams <= 1_000 && units <= 2 ? "S" : contentsGrams <= 5_000 && units <= 6 ? "M" : contentsGrams <= 12_000 && units <= 15 ? "L" : "XL";
  const box = shippingBoxes.find((b) => b.code === code)!;
  return { code, label: box.label, tareGrams: boxTareGrams[code]! };
}

/** The weight a packed box may show: contents plus box, ± 10 % with at least 50 g either way. */
export function weightWindow(contentsGrams: number, boxCode: string): { expected: number; min: number; max: number } {
  const expected = contentsGrams + (boxTareGrams[boxCode.trim().toUpperCase()] ?? boxTareGrams.M!);
  const slack = Math.max(50, Math.round(expected * 0.1));
  return { expected, min: expected - slack, max: expected + slack };
}
