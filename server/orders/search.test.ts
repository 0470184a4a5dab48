import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderStatus } from "@/server/vocabulary/orders";
import { orderItems, orders } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { DomainError } from "@/server/lib/errors";
import { classifyQuery, searchOrders, wordsQuery, type OrderSearchInput, type OrderSearchRow } from "./search";

const handle = testDb(4);
const db = handle.db;
afterAll(() => handle.close());

/** A word no other test uses, so each search here sees only its own orders in the shared database. */
const tag = () => `zq${randomUUID().replaceAll("-", "").slice(0, 10)}`;

type Made = { id: string; number: string; createdAt: Date };

/** An order row written directly (search only reads): name, email, status, created_at and lines as given. */
async function makeOrder(o: { name: string; email: string; status?: OrderStatus; createdAt: string; lines: { productId: string; sku: string; quantity: number }[] }): Promise<Made> {
  const [row] = await db
    .insert(orders)
    .values({
      number: sql`'D' || nextval('order_number_seq')`,
      email: o.email,
      status: o.status ?? "confirmed",
      currency: "USD",
      subtotal: "10.0000",
      discountTotal: "0",
      shippingTotal: "0",
      taxTotal: "0",
      total: "10.0000",
      shippingMethod: "standard",
      shippingAddress: { name: o.name, line1: "1 Main St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" },
      idempotencyKey: randomUUID(),
      createdAt: sql`${o.createdAt}::timestamptz`,
    })
    .returning({ id: orders.id, number: orders.number, createdAt: orders.createdAt });
  if (o.lines.length) {
    await db.insert(orderItems).values(
      o.lines.map((l) => ({ orderId: row!.id, productId: l.productId, sku: l.sku, name: l.sku, quantity: l.quantity, unitPrice: "5.0000", lineTotal: "5.0000" })),
    );
  }
  return row!;
}

/** Every page of a search, following nextCursor. */
async function allPages(input: Omit<OrderSearchInput, "cursor">): Promise<{ pages: OrderSearchRow[][]; rows: OrderSearchRow[] }> {
  const pages: OrderSearchRow[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await searchOrders(db, { ...input, cursor });
    pages.push(page.rows);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { pages, rows: pages.flat() };
}

let hat: { id: string; sku: string };
let mug: { id: string; sku: string };
beforeAll(async () => {
  [hat, mug] = await Promise.all([createTestProduct(db, { stock: {} }), createTestProduct(db, { stock: {} })]);
});

describe("order search (OR-1-05)", () => {
  it("tells an order number, an email and words apart", () => {
    expect(classifyQuery(" d100001 ")).toBe("number");
    expect(classifyQuery("Ann@Example.com")).toBe("email");
    expect(classifyQuery("Ann Tester")).toBe("text");
    // Only letters and digits reach to_tsquery: no tsquery syntax gets through.
    expect(wordsQuery("o'brien & (x | !y):*")).toBe("o & brien & x & y");
    // Only the last word is a prefix (as it is being typed), and only from 3 characters.
    expect(wordsQuery("Ann Tes")).toBe("ann & tes:*");
    expect(wordsQuery("Ann Te")).toBe("ann & te");
    expect(wordsQuery(" ;; ")).toBeNull();
  });

  it("finds an order by its number, in any case", async () => {
    const made = await makeOrder({ name: "Number Case", email: `${tag()}@example.com`, createdAt: "2003-01-01T10:00:00Z", lines: [{ ...hat, productId: hat.id, quantity: 2 }] });
    const { rows } = await searchOrders(db, { q: made.number.toLowerCase(), limit: 10 });
    expect(rows).toEqual([expect.objectContaining({ number: made.number, name: "Number Case", lines: 1, units: 2, total: "10.0000", currency: "USD" })]);
  });

  it("finds orders by email exactly, whatever its case", async () => {
    const local = tag();
    const a = await makeOrder({ name: "Email One", email: `${local}@Example.com`, createdAt: "2003-01-02T10:00:00Z", lines: [] });
    const b = await makeOrder({ name: "Email Two", email: `${local}@example.com`, createdAt: "2003-01-03T10:00:00Z", lines: [] });
    await makeOrder({ name: "Email Three", email: `${local}x@example.com`, createdAt: "2003-01-04T10:00:00Z", lines: [] });
    const { rows } = await searchOrders(db, { q: `${local.toUpperCase()}@EXAMPLE.COM`, limit: 10 });
    expect(rows.map((r) => r.number)).toEqual([b.number, a.number]);
  });

  it("finds orders by words of the recipient's name, all words required, the last one as a prefix", async () => {
    const surname = tag();
    const ann = await makeOrder({ name: `Ann ${surname}`, email: `${tag()}@example.com`, createdAt: "2003-02-01T10:00:00Z", lines: [] });
    const bob = await makeOrder({ name: `Bob ${surname}`, email: `${tag()}@example.com`, createdAt: "2003-02-02T10:00:00Z", lines: [] });
    expect((await searchOrders(db, { q: surname, limit: 10 })).rows.map((r) => r.number)).toEqual([bob.number, ann.number]);
    expect((await searchOrders(db, { q: `ann ${surname.slice(0, 8)}`, limit: 10 })).rows.map((r) => r.number)).toEqual([ann.number]);
    expect((await searchOrders(db, { q: `an ${surname}`, limit: 10 })).rows).toEqual([]);
    expect((await searchOrders(db, { q: `carl ${surname}`, limit: 10 })).rows).toEqual([]);
  });

  it("finds orders with a line of a SKU, once each however many lines match", async () => {
    const sku = await createTestProduct(db, { stock: {} });
    const line = { productId: sku.id, sku: sku.sku, quantity: 1 };
    const one = await makeOrder({ name: "Sku One", email: `${tag()}@example.com`, createdAt: "2003-03-01T10:00:00Z", lines: [line, line, { ...mug, productId: mug.id, quantity: 3 }] });
    await makeOrder({ name: "Sku None", email: `${tag()}@example.com`, createdAt: "2003-03-02T10:00:00Z", lines: [{ ...mug, productId: mug.id, quantity: 1 }] });
    const two = await makeOrder({ name: "Sku Two", email: `${tag()}@example.com`, createdAt: "2003-03-03T10:00:00Z", lines: [line] });
    const { rows } = await searchOrders(db, { sku: ` ${sku.sku.toLowerCase()} `, limit: 10 });
    expect(rows.map((r) => [r.number, r.lines, r.units])).toEqual([
      [two.number, 1, 1],
      [one.number, 3, 5],
    ]);
  });

  it("filters by status and by days (From and To both included, UTC)", async () => {
    const word = tag();
    const at = (createdAt: string, status: OrderStatus) => makeOrder({ name: `Day ${word}`, email: `${tag()}@example.com`, createdAt, status, lines: [] });
    await at("2004-05-31T23:59:59.999Z", "shipped");
    const first = await at("2004-06-01T00:00:00Z", "shipped");
    await at("2004-06-01T12:00:00Z", "cancelled");
    const last = await at("2004-06-02T23:59:59.999999Z", "shipped");
    await at("2004-06-03T00:00:00Z", "shipped");
    const { rows } = await searchOrders(db, { q: word, status: "shipped", from: "2004-06-01", to: "2004-06-02", limit: 10 });
    expect(rows.map((r) => r.number)).toEqual([last.number, first.number]);
    // Status and dates alone (no words): the same two, in the shared database.
    const byStatus = await allPages({ status: "shipped", from: "2004-06-01", to: "2004-06-02", limit: 1 });
    expect(byStatus.rows.map((r) => r.number)).toEqual([last.number, first.number]);
  });

  it("refuses a malformed cursor, date or date range with a message", async () => {
    const refused = (input: OrderSearchInput) =>
      searchOrders(db, input).then(
        () => null,
        (e: unknown) => (e instanceof DomainError ? e.message : String(e)),
      );
    expect(await refused({ cursor: "not-a-cursor", limit: 5 })).toMatch(/no longer valid/);
    expect(await refused({ from: "2024-02-30", limit: 5 })).toBe("From must be a date like 2025-01-31.");
    expect(await refused({ to: "0000-01-01", limit: 5 })).toBe("To must be a date like 2025-01-31.");
    const monthThirteen = Buffer.from(JSON.stringify(["2024-13-45T10:00:00.000000Z", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    expect(await refused({ cursor: monthThirteen, limit: 5 })).toMatch(/no longer valid/);
    expect(await refused({ from: "2024-02-03", to: "2024-02-01", limit: 5 })).toBe("From must be on or before To.");
  });

  it("pages by keyset with no duplicate and no gap, even when many orders share created_at to the microsecond", async () => {
    const word = tag();
    const made: Made[] = [];
    // 13 orders: 7 at exactly the same instant, others around them, one microsecond apart at the edges.
    const times = [
      "2005-07-01T10:00:00.000001Z",
      ...Array.from({ length: 7 }, () => "2005-07-01T10:00:00.000002Z"),
      "2005-07-01T10:00:00.000003Z",
      "2005-07-01T10:00:00.000003Z",
      "2005-07-01T10:00:00.000004Z",
      "2005-06-30T10:00:00Z",
      "2005-07-02T10:00:00Z",
    ];
    for (const createdAt of times) made.push(await makeOrder({ name: `Page ${word}`, email: `${tag()}@example.com`, createdAt, lines: [{ ...hat, productId: hat.id, quantity: 1 }] }));
    const expected = (
      await db.execute<{ number: string }>(sql`select number from orders where id in (${sql.join(
        made.map((m) => sql`${m.id}::uuid`),
        sql`, `,
      )}) order by created_at desc, id desc`)
    ).map((r) => r.number);

    for (const limit of [1, 2, 3, 5, 13, 20]) {
      const { pages, rows } = await allPages({ q: word, limit });
      expect(rows.map((r) => r.number)).toEqual(expected);
      expect(new Set(rows.map((r) => r.id)).size).toBe(made.length);
      expect(pages.length).toBe(Math.max(1, Math.ceil(made.length / limit)));
    }
    // The same through the status index alone (no words), limited to this test's day.
    const byDay = await allPages({ status: "confirmed", from: "2005-06-30", to: "2005-07-02", limit: 4 });
    expect(byDay.rows.map((r) => r.number)).toEqual(expected);
  });
});
