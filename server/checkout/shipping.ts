import { z } from "zod";
import { amount, type Amount } from "@/server/vocabulary/money";

export const shippingMethods = {
  standard: { label: "Standard (5–7 business days)", price: "5.99", freeFrom: "75.00" },
  express: { label: "Express (2–3 business days)", price: "14.99", freeFrom: null },
  overnight: { label: "Overnight (next business day)", price: "29.99", freeFrom: null },
} as const;

export type ShippingMethod = keyof typeof shippingMethods;
export const shippingMethodInput = z.enum(["standard", "express", "overnight"], { error: "Choose a shipping method" });

/** Shipping price for a subtotal: standard shipping is free from $75. */
export function shippingPrice(method: ShippingMethod, subtotal: Amount): Amount {
  const m = shippingMethods[method];
  if (m.freeFrom !== null && subtotal.greaterThanOrEqualTo(amount(m.freeFrom))) return amount(0);
  return amount(m.price);
}
