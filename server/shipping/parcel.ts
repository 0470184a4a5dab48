import { shippingBoxes } from "@/server/vocabulary/boxes";
import type { Parcel } from "./carrier/types";

/** A box the list does not know (a special carton) is sent with medium dimensions: the label must not wait on it. */
const fallback = shippingBoxes[1]!;

/** The parcel the carrier is told about: the box's dimensions and the weight the scale read. */
export function parcelFor(boxCode: string, weightGrams: number): Parcel {
  const box = shippingBoxes.find((b) => b.code === boxCode.trim().toUpperCase()) ?? fallback;
  return { weightGrams, lengthCm: box.lengthCm, widthCm: box.widthCm, heightCm: box.heightCm };
}
