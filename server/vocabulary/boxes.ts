export type ShippingBox = { code: string; label: string; lengthCm: number; widthCm: number; heightCm: number };

/** The boxes the pack stations stock, smallest first. The carrier prices and checks the parcel by these. */
export const shippingBoxes: readonly ShippingBox[] = [
  { code: "S", label: "Small (25 × 18 × 10 cm)", lengthCm: 25, widthCm: 18, heightCm: 10 },
  { code: "M", label: "Medium (35 × 25 × 15 cm)", lengthCm: 35, widthCm: 25, heightCm: 15 },
  { code: "L", label: "Large (45 × 35 × 25 cm)", lengthCm: 45, widthCm: 35, heightCm: 25 },
  { code: "XL", label: "Extra large (60 × 40 × 40 cm)", lengthCm: 60, widthCm: 40, heightCm: 40 },
];
