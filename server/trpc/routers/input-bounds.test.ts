import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProduct, testDb } from "@/db/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { demoSession } from "../test-sessions";
import { refusal, testBrowser } from "../testing";

/** Inputs their schema accepted but PostgreSQL cannot take: each a BAD_REQUEST now, never a 500 (SE-P2-02). */

const handle = testDb(2);
let ops: SessionUser;
let sku: string;

beforeAll(async () => {
  ops = await demoSession(handle.db, "ops");
  sku = (await createTestProduct(handle.db, { stock: { EAST: 3 } })).sku;
});
afterAll(() => handle.close());

describe("inputs beyond what the database takes (SE-P2-02)", () => {
  it("audit.search refuses dates after the year 9999 or before the year 1", async () => {
    const { caller } = testBrowser(ops);
    const outOfRange = { code: "BAD_REQUEST", messages: ["Give a date between the years 1 and 9999"] };
    expect(await refusal(caller.audit.search({ to: new Date("+010000-01-01T00:00:00Z") }))).toEqual(outOfRange);
    expect(await refusal(caller.audit.search({ from: new Date("0000-12-31T00:00:00Z") }))).toEqual(outOfRange);
    await expect(caller.audit.search({ from: new Date("0001-01-01T00:00:00Z"), to: new Date("9999-12-31T23:59:59Z") })).resolves.toBeDefined();
  });

  it("returns.list refuses a page position dated beyond the year 9999", async () => {
    const { caller } = testBrowser(ops);
    expect(await refusal(caller.returns.list({ before: { createdAt: new Date(8.64e15), id: "ffffffff-ffff-4fff-bfff-ffffffffffff" } }))).toEqual({
      code: "BAD_REQUEST",
      messages: ["Give a date between the years 1 and 9999"],
    });
  });

  it("audit.search, compensations.list and opsOrders.search refuse a tampered page link", async () => {
    const { caller } = testBrowser(ops);
    const link = (text: string) => Buffer.from(text, "utf8").toString("base64url");
    const uuid = "00000000-0000-4000-8000-000000000000";
    expect((await refusal(caller.audit.search({ cursor: link("2024-13-45T10:00:00.000000Z|1") }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.audit.search({ cursor: link("0000-01-01T10:00:00.000000Z|1") }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.audit.search({ cursor: link("2024-01-01T10:00:00.000000Z|9999999999999999999") }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.compensations.list({ cursor: link(`2024-13-45T10:00:00.000000Z|${uuid}`) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.opsOrders.search({ cursor: link(JSON.stringify(["2024-13-45T10:00:00.000000Z", uuid])) }))).code).toBe("BAD_REQUEST");
  });

  it("opsOrders.search refuses the day 0000-01-01", async () => {
    const { caller } = testBrowser(ops);
    expect(await refusal(caller.opsOrders.search({ from: "0000-01-01" }))).toEqual({ code: "BAD_REQUEST", messages: ["From must be a date like 2025-01-31."] });
  });

  it("inventory.ledger refuses a page position beyond the ledger id range", async () => {
    const { caller } = testBrowser(ops);
    expect(await refusal(caller.inventory.ledger({ sku, before: "9999999999999999999" }))).toEqual({ code: "BAD_REQUEST", messages: ["That page link is not valid"] });
    expect((await caller.inventory.ledger({ sku, before: "9223372036854775807" })).entries).toHaveLength(1);
  });
});
