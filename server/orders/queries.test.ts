import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { lastShippingAddress } from "./queries";

const handle = testDb(4);
const db = handle.db;

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

async function newCustomer(): Promise<SessionUser> {
  const email = `last-address-${randomUUID().slice(0, 8)}@example.com`;
  const [user] = await db.insert(users).values({ email, name: "Lena Last", passwordHash: "not-a-login", role: "customer" }).returning();
  return { id: user!.id, email, name: user!.name, role: "customer", warehouseId: null };
}

async function orderTo(customer: SessionUser, address: { name: string; line1: string; city: string; region: string; postalCode: string; phone?: string }) {
  const browser = testBrowser(customer);
  const product = await createTestProduct(db, { stock: { EAST: 5, CENTRAL: 5, WEST: 5 } });
  await browser.caller.cart.add({ sku: product.sku, quantity: 1 });
  const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: address.region, codes: [] });
  await browser.caller.checkout.placeOrder({
    card: testCard,
    email: customer.email,
    address: { ...address, country: "US" },
    shippingMethod: "standard",
    paymentMethod: "cod",
    codes: [],
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
}

describe("a signed-in customer's last shipping address (issue 12 item 5: prefilled at checkout)", () => {
  it("is the address of their most recent order, and only ever their own", async () => {
    const lena = await newCustomer();
    const other = await newCustomer();
    expect(await lastShippingAddress(db, lena.id)).toBeNull();

    await orderTo(lena, { name: "Lena Last", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102" });
    await orderTo(lena, { name: "Lena L. Last", line1: "PO Box 12", city: "Chicago", region: "IL", postalCode: "60601", phone: "312 555 0100" });
    await orderTo(other, { name: "Otto Other", line1: "9 Track Rd", city: "Albany", region: "NY", postalCode: "12207" });

    expect(await lastShippingAddress(db, lena.id)).toEqual({
      name: "Lena L. Last",
      line1: "PO Box 12",
      city: "Chicago",
      region: "IL",
      postalCode: "60601",
      phone: "312 555 0100",
      country: "US",
    });
    expect((await lastShippingAddress(db, other.id))?.name).toBe("Otto Other");
  });
});
