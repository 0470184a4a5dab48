import "@/server/vocabulary/zod-jitless"; // first: this schema is built in the browser too
import { z } from "zod";
import { fieldErrorsOf } from "@/server/lib/field-errors";
import { shippingAddressInput } from "@/server/vocabulary/address";
import { shippingMethodInput } from "./shipping";

export const checkoutEmail = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address")
  .max(254, "That email address is too long")
  .pipe(z.email("Enter a valid email address"));

/**
 * What the customer types at checkout, judged once: placeOrder's input extends it, and the page
 * runs the same schema on submit, so every field's problem shows at once, before any request
 * (issue 12 item 4, SE-P2-02).
 */
export const checkoutDetailsInput = z.object({
  email: checkoutEmail,
  address: shippingAddressInput,
  shippingMethod: shippingMethodInput,
});

/** Every problem of the details at once, keyed as the server's fieldErrors ("address.city"); empty when all is well. */
export function checkoutDetailsErrors(details: unknown): Record<string, string[]> {
  const result = checkoutDetailsInput.safeParse(details);
  return result.success ? {} : fieldErrorsOf(result.error);
}
