import { z } from "zod";
import type { ShippingAddress } from "@/db/schema";
import { usStates } from "./us-states";

const text = (label: string, max: number) =>
  z.string().trim().min(1, `Enter the ${label}`).max(max, `The ${label} is too long`).regex(/^[^<>]*$/, `The ${label} contains characters we can't print on a label`);

/**
 * A US shipping address (CS-P1-02): required parts present, a real state, a ZIP code that
 * belongs to that state's ZIP range, a plausible phone number if given.
 */
export const shippingAddressInput = z
  .object({
    name: text("recipient's name", 100),
    line1: text("street address", 120),
    line2: z.string().trim().max(120, "Address line 2 is too long").optional().transform((v) => v || undefined),
    city: text("city", 80),
    region: z
      .string()
      .trim()
      .toUpperCase()
      .refine((v) => v in usStates, "Choose a US state"),
    postalCode: z
      .string()
      .trim()
      .regex(/^\d{5}(-\d{4})?$/, "Enter a 5-digit ZIP code (or ZIP+4)"),
    country: z.literal("US", { error: "We ship within the United States only" }),
    phone: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || /^\+?[\d\s().-]{7,20}$/.test(v), "Enter a phone number with digits only"),
  })
  .superRefine((a, ctx) => {
    const state = usStates[a.region];
    if (state && /^\d{5}/.test(a.postalCode) && !a.postalCode.startsWith(state.zip)) {
      ctx.addIssue({ code: "custom", path: ["postalCode"], message: `ZIP code ${a.postalCode} is not in ${state.name}` });
    }
  });

export type ShippingAddressInput = z.infer<typeof shippingAddressInput>;

export function toShippingAddress(a: ShippingAddressInput): ShippingAddress {
  return { ...a };
}

/** Approximate position of the address, for choosing the nearest warehouse. */
export function addressLocation(a: ShippingAddress): { lat: number; lon: number } {
  const state = usStates[a.region];
  if (!state) throw new Error(`unknown state ${a.region}`);
  return { lat: state.lat, lon: state.lon };
}
