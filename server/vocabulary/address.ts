import "./zod-jitless"; // first: this schema is built in the browser too
import { z } from "zod";
import type { ShippingAddress } from "@/db/schema";
import { usStates } from "./us-states";

const text = (label: string, max: number) =>
  z.string().trim().min(1, `Enter the ${label}`).max(max, `The ${label} is too long`).regex(/^[^<>]*$/, `The ${label} contains characters we can't print on a label`);

const letterCount = (v: string) => v.match(/\p{L}/gu)?.length ?? 0;

/**
 * A street line a carrier can deliver to: at least 3 characters with a letter and a digit, since
 * a US delivery line carries a number (house, "PO Box 12", "RR 2 Box 152"); the one numberless
 * form USPS delivers to, "General Delivery", is accepted as it is.
 */
export function looksLikeStreet(line: string): boolean {
  if (/^general delivery$/i.test(line.trim())) return true;
  return line.trim().length >= 3 && /\p{L}/u.test(line) && /\p{N}/u.test(line);
}

/**
 * A US shipping address (CS-P1-02): required parts present and plausible (a name of at least 2
 * letters, a street line with a number, a city of at least 2 letters), a real state, a ZIP code
 * that belongs to that state's ZIP range, a phone number of at least 7 digits if given. Shared by
 * the checkout page and the server, so both judge an address alike (issue 12 item 4).
 */
export const shippingAddressInput = z
  .object({
    // An empty value already has its "Enter the …" message; the minimums speak only to short ones.
    name: text("recipient's name", 100).refine((v) => v === "" || letterCount(v) >= 2, "Enter the recipient's full name (at least 2 letters)"),
    line1: text("street address", 120).refine(
      (v) => v === "" || looksLikeStreet(v),
      "Enter the house or building number and street (e.g. 12 Main St), or a PO Box",
    ),
    line2: z.string().trim().max(120, "Address line 2 is too long").optional().transform((v) => v || undefined),
    city: text("city", 80).refine((v) => v === "" || letterCount(v) >= 2, "Enter the city's full name (at least 2 letters)"),
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
      .refine((v) => v === undefined || /^\+?[\d\s().-]{7,20}$/.test(v), "Enter a phone number with digits only")
      .refine((v) => v === undefined || !/^\+?[\d\s().-]{7,20}$/.test(v) || (v.match(/\d/g)?.length ?? 0) >= 7, "Enter a phone number of at least 7 digits"),
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
