import { TRPCError } from "@trpc/server";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { auditLog, productPrices } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { isDomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";
import { importPrices } from "./price-import";
import { priceHistory } from "./prices";

const handle = testDb(4);
const db = handle.db;
let ops: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  admin = (await authenticate(db, "admin@depot.test", "depot-demo"))!;
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const openPrice = async (productId: string) =>
  (await db.select().from(productPrices).where(and(eq(productPrices.productId, productId), eq(productPrices.currency, "USD"), isNull(productPrices.effectiveTo))))[0]?.amount;

describe("price CSV import and overrides (PR-P1-02, PR-P1-03)", () => {
  it("closes the open price and opens the new one for each row, all or nothing, with a dry run", async () => {
    const a = await createTestProduct(db, { price: "10.00", stock: {} });
    const b = await createTestProduct(db, { price: "20.00", stock: {} });
    const good = `sku,currency,amount\n${a.sku},USD,12.5\n${b.sku},usd,20\n`;
    const preview = await transaction((tx) => importPrices(tx, admin, { csv: good, dryRun: true }), db);
    expect(preview).toMatchObject({ applied: false, unchanged: 1, changes: [{ row: 2, sku: a.sku, currency: "USD", previous: "10.0000", amount: "12.5000" }] });
    expect(await openPrice(a.id)).toBe("10.0000");

    const bad = `sku,currency,amount\n${a.sku},USD,12.5\n${b.sku},USD,-1\n${b.sku},EURO,3\n${a.sku},USD,1.23456\nNO-SUCH-SKU,USD,1\n`;
    const refused = await transaction((tx) => importPrices(tx, admin, { csv: bad, dryRun: false }), db);
    expect(refused.applied).toBe(false);
    expect(refused.errors.map((e) => [e.row, e.column])).toEqual([
      [3, "amount"],
      [4, "currency"],
      [5, "amount"],
      [6, "sku"],
    ]);
    expect(await openPrice(a.id)).toBe("10.0000");

    const done = await transaction((tx) => importPrices(tx, admin, { csv: good, dryRun: false }), db);
    expect(done).toMatchObject({ applied: true, changes: [expect.objectContaining({ sku: a.sku })] });
    expect((await priceHistory(db, a.id, "USD")).map((h) => [h.amount, h.effectiveTo === null])).toEqual([
      ["10.0000", false],
      ["12.5000", true],
    ]);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "price.import"), eq(auditLog.targetId, done.importId!)))).toHaveLength(1);
  });

  it("a SKU twice in one file is a row error, not a half-applied import", async () => {
    const a = await createTestProduct(db, { price: "5.00", stock: {} });
    const report = await transaction((tx) => importPrices(tx, admin, { csv: `sku,currency,amount\n${a.sku},USD,6\n${a.sku},USD,7\n`, dryRun: false }), db);
    expect(report.errors).toEqual([expect.objectContaining({ row: 3, column: "sku", message: expect.stringMatching(/row 2/) })]);
    expect(await openPrice(a.id)).toBe("5.0000");
  });

  it("a price override with a malformed amount is refused at the amount field, so the form marks it", async () => {
    const a = await createTestProduct(db, { price: "9.00", stock: {} });
    const error = await testBrowser(admin)
      .caller.inventory.overridePrice({ sku: a.sku, currency: "USD", amount: "12,50", reason: "comma" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    const cause = (error as TRPCError).cause;
    expect(cause instanceof ZodError ? cause.issues.map((i) => ({ path: i.path, message: i.message })) : cause).toEqual([
      { path: ["amount"], message: "Write the price with a dot and at most 4 decimals, e.g. 12.50" },
    ]);
    expect(await openPrice(a.id)).toBe("9.0000");
  });

  it("only an administrator may import or override prices: ops are refused by the router and by the domain", async () => {
    const a = await createTestProduct(db, { price: "9.00", stock: {} });
    const csv = `sku,currency,amount\n${a.sku},USD,1.00\n`;
    const asOps = testBrowser(ops).caller;
    await expect(asOps.inventory.importPrices({ csv, dryRun: false })).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === "FORBIDDEN");
    await expect(asOps.inventory.overridePrice({ sku: a.sku, currency: "USD", amount: "1.00", reason: "sale" })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === "FORBIDDEN",
    );
    await expect(transaction((tx) => importPrices(tx, ops, { csv, dryRun: false }), db)).rejects.toSatisfy((e: unknown) => isDomainError(e) && e.code === "FORBIDDEN");
    expect(await openPrice(a.id)).toBe("9.0000");

    const asAdmin = testBrowser(admin).caller;
    expect(await asAdmin.inventory.overridePrice({ sku: a.sku, currency: "usd", amount: "8.75", reason: "price match" })).toMatchObject({ outcome: "changed", previous: "9.0000" });
    expect(await asAdmin.inventory.overridePrice({ sku: a.sku, currency: "USD", amount: "8.7500", reason: "double click" })).toMatchObject({ outcome: "unchanged" });
    expect(await openPrice(a.id)).toBe("8.7500");
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, "price.override"), eq(auditLog.targetId, a.id)));
    expect(audit).toEqual([expect.objectContaining({ actorEmail: "admin@depot.test", reason: "price match" })]);
    // Ops may still import stock through the router.
    expect(await asOps.inventory.importStock({ csv: `warehouse_code,sku,on_hand\nEAST,${a.sku},3\n`, dryRun: false })).toMatchObject({ applied: true });
  });
});
