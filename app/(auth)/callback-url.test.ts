import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("the sign-in callback URL stays on Depot (issue 12 item 5: sign-in returns to the page the customer came from)", () => {
  it("returns to the page the customer came from, with its query", () => {
    expect(safeCallbackUrl("/products/KIT-SKILLET-CI-10")).toBe("/products/KIT-SKILLET-CI-10");
    expect(safeCallbackUrl("/products?q=skillet&page=2")).toBe("/products?q=skillet&page=2");
    expect(safeCallbackUrl(["/checkout", "/console"])).toBe("/checkout");
  });

  it("never leaves the site: protocol-relative, backslash, absolute, scheme and whitespace tricks", () => {
    for (const evil of [
      "//evil.com",
      "https://evil.com",
      "/\\evil.com",
      "/\\/evil.com",
      "\\\\evil.com",
      "/\t/evil.com",
      "/\n/evil.com",
      "/\r\n/evil.com",
      " /evil",
      "javascript:alert(1)",
      "http:/evil.com",
      "evil.com",
    ]) {
      expect(safeCallbackUrl(evil), JSON.stringify(evil)).toBeNull();
    }
  });

  it("keeps encoded look-alikes as paths on Depot", () => {
    expect(safeCallbackUrl("/%2F%2Fevil.com")).toBe("/%2F%2Fevil.com");
    expect(safeCallbackUrl("/%5Cevil.com")).toBe("/%5Cevil.com");
  });

  it("never lands on sign-in, sign-out or registration again", () => {
    for (const page of ["/signin", "/signin?callbackUrl=/x", "/signout", "/register", "/api/auth/signout"]) expect(safeCallbackUrl(page), page).toBeNull();
    expect(safeCallbackUrl(undefined)).toBeNull();
    expect(safeCallbackUrl("")).toBeNull();
  });
});
