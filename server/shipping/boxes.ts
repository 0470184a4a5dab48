import type { Parcel } from "./carrier/types";

export type ShippingBox = { code: string; label: string; lengthCm: number; widthCm: number; heightCm: number };

/** The boxes the pack stations stock, smallest first. The carrier prices and checks the parcel by these. */
export const shippingBoxes: readonly ShippingBox[] = [
  { code: "S", label: "Small (25 × 18 × 10 cm)", lengthCm: 25, widthCm: 18, heightCm: 10 },
  { code: "M", label: "Medium (35 × 25 × 15 cm)", lengthCm: 35, widthCm: 25, heightCm: 15 },
  { code: "L", label: "Large (45 × 35 × 25 cm)", lengthCm: 45, widthCm: 35, heightCm: 25 },
  { code: "XL", label: "Extra large (60 × 40 × 40 cm)", lengthCm: 60, widthCm: 40, heightCm: 40 },
];

/** A box the list does not know (a special carton) is sent with medium dimensions: the label must not wait on it. */
const fallback = shippingBoxes[1]!;

/** The parcel the carrier is told about: the box's dimensions and the weight the scale read. */
export function parcelFor(boxCode: string, weightGrams: number): Parcel {
  const box = shippingBoxes.find((b) => b.code === boxCode.trim().toUpperCase()) ?? fallback;
  return { weightGrams, lengthCm: box.lengthCm, widthCm: box.widthCm, heightCm: box.heightCm };
}
