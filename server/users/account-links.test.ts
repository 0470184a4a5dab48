import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { accountLinkToken, accountLinkUrl, tokenIdFromAccountLink } from "./account-links";

describe("account links (issue 14)", () => {
  it("round-trips a token id, and refuses a forged, altered or other-purpose token", () => {
    const id = randomUUID();
    const token = accountLinkToken("password-reset", id);
    expect(tokenIdFromAccountLink("password-reset", token)).toBe(id);
    expect(tokenIdFromAccountLink("email-change", token)).toBeNull();
    expect(tokenIdFromAccountLink("password-reset", `${randomUUID()}.${token.split(".")[1]}`)).toBeNull();
    expect(tokenIdFromAccountLink("password-reset", `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(tokenIdFromAccountLink("password-reset", id)).toBeNull();
  });

  it("builds the URL on the app's address with the token in the query", () => {
    const id = randomUUID();
    const url = new URL(accountLinkUrl("password-reset", id));
    expect(url.pathname).toBe("/reset-password");
    expect(tokenIdFromAccountLink("password-reset", url.searchParams.get("token")!)).toBe(id);
  });
});
