import { describe, expect, it } from "vitest";

describe("server-only in vitest (issue 13)", () => {
  it("a module marked server-only imports in tests", async () => {
    await expect(import("./guard")).resolves.toHaveProperty("requireUser");
  });
});
