import { getTRPCErrorShape, TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import type { Role } from "@/server/vocabulary/users";
import { testDb } from "@/db/testing";
import { findUnacceptableText } from "./input-guard";
import { appRouter } from "./routers";
import { demoSession } from "./test-sessions";
import { testBrowser } from "./testing";

const handle = testDb(2);
afterAll(() => handle.close());

type Caller = ReturnType<typeof testBrowser>["caller"];

describe("findUnacceptableText", () => {
  it("lets ordinary text through: any script, emoji, tab and line breaks", () => {
    expect(findUnacceptableText({ name: "Zoë 😀 שלום", note: "line 1\r\nline 2\tend", items: [{ n: 1 }], at: new Date(), ok: true })).toBeUndefined();
    expect(findUnacceptableText(undefined)).toBeUndefined();
  });

  it("finds a NUL in a nested value, with its field path", () => {
    expect(findUnacceptableText({ address: { name: "Ann\u0000" } })).toEqual({
      path: ["address", "name"],
      message: `The field "address.name" contains an invisible control character (U+0000) that we can't store. Remove it and try again.`,
    });
    expect(findUnacceptableText({ ids: ["a", "b\u0000"] })?.path).toEqual(["ids", 1]);
    expect(findUnacceptableText("\u0000")?.message).toMatch(/^The input contains/);
  });

  it("finds a NUL in a key, written visibly", () => {
    expect(findUnacceptableText({ items: [{ "sk\u0000u": "A" }] })).toEqual({
      path: ["items", 0, "sk\\u0000u"],
      message: `The field name "items.0.sk\\u0000u" contains an invisible control character (U+0000) that we can't store. Remove it and try again.`,
    });
  });

  it("finds lone surrogates but not surrogate pairs", () => {
    expect(findUnacceptableText({ name: "Ann \ud83d" })?.message).toBe(
      `The field "name" contains a broken character (U+D83D, half of an emoji or symbol). Type that character again.`,
    );
    expect(findUnacceptableText({ name: "\ude00 Ann" })?.message).toMatch(/U\+DE00/);
    expect(findUnacceptableText({ name: "\ud83d\ude00" })).toBeUndefined();
  });

  it("finds the other control characters: escape, DEL, C1", () => {
    for (const char of ["\u0001", "\u001b", "\u000b", "\u007f", "\u0085", "\u009b"]) expect(findUnacceptableText({ q: `a${char}b` })?.path).toEqual(["q"]);
  });

  it("looks into Maps and Sets", () => {
    expect(findUnacceptableText(new Map([["k\u0000", 1]]))?.path).toEqual([0, 0]);
    expect(findUnacceptableText({ tags: new Set(["x", "y\u0000"]) })?.path).toEqual(["tags", 1]);
  });

  it("refuses input nested deeper than it checks", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(findUnacceptableText(deep)?.message).toBe("The input is nested more than 32 levels deep.");
  });
});

describe("a NUL in a string input (SE-P2-02, CS-P0-03, SEC-P1-01)", () => {
  const nul = "A\u0000B";
  const cases: { path: string; role: Role | null; field: string; call: (c: Caller) => Promise<unknown> }[] = [
    { path: "account.register", role: null, field: "name", call: (c) => c.account.register({ name: nul, email: "nul-name@example.com", password: "long enough password" }) },
    { path: "catalog.list", role: null, field: "query", call: (c) => c.catalog.list({ query: nul }) },
    { path: "catalog.product", role: null, field: "sku", call: (c) => c.catalog.product({ sku: nul }) },
    { path: "cart.add", role: null, field: "sku", call: (c) => c.cart.add({ sku: nul, quantity: 1 }) },
    { path: "packing.open", role: "packer", field: "code", call: (c) => c.packing.open({ code: nul }) },
    { path: "events.list", role: "ops", field: "name", call: (c) => c.events.list({ name: nul }) },
    { path: "events.retryAllFailed", role: "ops", field: "name", call: (c) => c.events.retryAllFailed({ name: nul }) },
    { path: "inventory.levels", role: "ops", field: "search", call: (c) => c.inventory.levels({ search: nul }) },
    { path: "inventory.ledger", role: "ops", field: "sku", call: (c) => c.inventory.ledger({ sku: nul }) },
    { path: "inventory.overridePrice", role: "admin", field: "sku", call: (c) => c.inventory.overridePrice({ sku: nul, currency: "USD", amount: "1.00", reason: "input guard test" }) },
  ];

  for (const { path, role, field, call } of cases) {
    it(`${path}{${field}} is a BAD_REQUEST naming the field, not a 500`, async () => {
      const { caller } = testBrowser(role ? await demoSession(handle.db, role) : null);
      const error = await call(caller).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      const shape = getTRPCErrorShape({ config: appRouter._def._config, error: error as TRPCError, type: "mutation", path, input: undefined, ctx: undefined });
      expect({ code: (error as TRPCError).code, message: shape.message, fieldErrors: shape.data.fieldErrors }).toEqual({
        code: "BAD_REQUEST",
        message: `The field "${field}" contains an invisible control character (U+0000) that we can't store. Remove it and try again.`,
        fieldErrors: { [field]: [`The field "${field}" contains an invisible control character (U+0000) that we can't store. Remove it and try again.`] },
      });
    });
  }

  it("account.register{name} with half an emoji is a BAD_REQUEST, not saved as U+FFFD", async () => {
    const { caller } = testBrowser(null);
    await expect(caller.account.register({ name: "Ann \ud83d", email: "half-emoji@example.com", password: "long enough password" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("broken character (U+D83D"),
    });
  });
});
