import { describe, expect, it } from "vitest";
import { shippingAddressInput } from "./address";

const good = { name: "Ann Lee", line1: "1 Broad St", city: "Newark", region: "nj", postalCode: "07102", country: "US" };

function messages(input: Record<string, unknown>) {
  const result = shippingAddressInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("shipping address validation (CS-P1-02)", () => {
  it("accepts a complete US address and normalises the state", () => {
    expect(shippingAddressInput.parse(good)).toMatchObject({ region: "NJ", postalCode: "07102" });
    expect(shippingAddressInput.parse({ ...good, postalCode: "07102-1234", phone: "+1 (973) 555-0100" }).phone).toBe("+1 (973) 555-0100");
  });

  it("says what is missing or wrong", () => {
    expect(messages({ ...good, line1: " ", city: "" })).toEqual(["line1: Enter the street address", "city: Enter the city"]);
    expect(messages({ ...good, region: "XX" })).toEqual(["region: Choose a US state"]);
    expect(messages({ ...good, postalCode: "7102" })).toEqual(["postalCode: Enter a 5-digit ZIP code (or ZIP+4)"]);
    expect(messages({ ...good, country: "CA" })).toEqual(["country: We ship within the United States only"]);
    expect(messages({ ...good, phone: "call me" })).toEqual(["phone: Enter a phone number with digits only"]);
  });

  it("refuses a ZIP code from another state", () => {
    expect(messages({ ...good, region: "CA" })).toEqual(["postalCode: ZIP code 07102 is not in California"]);
  });

  it("refuses markup in label fields", () => {
    expect(messages({ ...good, name: "<script>" })).toEqual(["name: The recipient's name contains characters we can't print on a label"]);
  });
});
