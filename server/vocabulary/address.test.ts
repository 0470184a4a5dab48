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

describe("sensible minimums of an address (issue 12 item 4, CS-P1-02)", () => {
  it('refuses a name "B", a street "x" and a city "N", each with its own message', () => {
    expect(messages({ ...good, name: "B", line1: "x", city: "N" })).toEqual([
      "name: Enter the recipient's full name (at least 2 letters)",
      "line1: Enter the house or building number and street (e.g. 12 Main St), or a PO Box",
      "city: Enter the city's full name (at least 2 letters)",
    ]);
  });

  it("refuses street lines without a number or without a word, yet takes every real one: PO boxes, rural routes, General Delivery, non-Latin letters", () => {
    for (const line1 of ["xx", "Main Street", "12", "123 45", "--- !"]) expect(messages({ ...good, line1 }), line1).toHaveLength(1);
    for (const line1 of ["PO Box 12", "P.O. Box 7", "RR 2 Box 152", "1 Broad St", "221B Baker St", "General Delivery", "10 Rue d'Égypte"]) {
      expect(messages({ ...good, line1 }), line1).toEqual([]);
    }
  });

  it("takes short real names and cities, not single letters", () => {
    for (const name of ["Al", "Bo Li", "O'Neil", "Zoë Łukasz", "李龍"]) expect(messages({ ...good, name }), name).toEqual([]);
    expect(messages({ ...good, city: "Ai" })).toEqual([]);
    expect(messages({ ...good, name: "Q.", city: "Z" })).toEqual(["name: Enter the recipient's full name (at least 2 letters)", "city: Enter the city's full name (at least 2 letters)"]);
  });

  it("wants at least 7 digits in a phone number", () => {
    expect(messages({ ...good, phone: "(((())))" })).toEqual(["phone: Enter a phone number of at least 7 digits"]);
    expect(messages({ ...good, phone: "555 0100" })).toEqual([]);
  });
});
