import { describe, expect, it } from "vitest";
import { checkoutDetailsErrors } from "./details";
import { placeOrderInput } from "./place-order";
import { fieldErrorsOf } from "@/server/lib/field-errors";

const emptyForm = {
  email: "",
  address: { name: "", line1: "", city: "", region: "", postalCode: "", country: "US" as const },
  shippingMethod: "standard",
};

const shortForm = {
  email: "ann@",
  address: { name: "B", line1: "x", city: "N", region: "CA", postalCode: "07102", phone: "call me", country: "US" as const },
  shippingMethod: "teleport",
};

describe("checkout details: one judgement for page and server (issue 12 item 4, SE-P2-02, CS-P1-02)", () => {
  it("names every problem of an empty form at once", () => {
    expect(checkoutDetailsErrors(emptyForm)).toEqual({
      email: ["Enter your email address"],
      "address.name": ["Enter the recipient's name"],
      "address.line1": ["Enter the street address"],
      "address.city": ["Enter the city"],
      "address.region": ["Choose a US state"],
      "address.postalCode": ["Enter a 5-digit ZIP code (or ZIP+4)"],
    });
  });

  it("names every problem of a short form at once, the ZIP code outside its state among them", () => {
    expect(checkoutDetailsErrors(shortForm)).toEqual({
      email: ["Enter a valid email address"],
      "address.name": ["Enter the recipient's full name (at least 2 letters)"],
      "address.line1": ["Enter the house or building number and street (e.g. 12 Main St), or a PO Box"],
      "address.city": ["Enter the city's full name (at least 2 letters)"],
      "address.phone": ["Enter a phone number with digits only"],
      "address.postalCode": ["ZIP code 07102 is not in California"],
      shippingMethod: ["Choose a shipping method"],
    });
    // Corrected, it passes (a PO Box is a street line).
    const corrected = { email: " Ann@Example.com ", address: { name: "Bo Li", line1: "PO Box 12", city: "Newark", region: "NJ", postalCode: "07102", country: "US" }, shippingMethod: "express" };
    expect(checkoutDetailsErrors(corrected)).toEqual({});
  });

  it("the server's placeOrder input finds exactly what the page finds, in one answer", () => {
    const extra = { paymentMethod: "cod", codes: [], expectedTotal: "10.00", idempotencyKey: crypto.randomUUID() };
    for (const form of [emptyForm, shortForm]) {
      const server = placeOrderInput.safeParse({ ...form, ...extra });
      expect(server.success).toBe(false);
      expect(fieldErrorsOf(server.error!)).toEqual(checkoutDetailsErrors(form));
    }
  });
});
