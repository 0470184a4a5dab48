import { randomUUID } from "node:crypto";
import { and, eq, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountTokens, auditLog, carts, consentVersions, customerAddresses, mailDeliveries, orderItems, orders, reviews, users } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { prepareMail } from "@/server/mail";
import { refreshSessionToken } from "@/server/auth/session-token";
import { setFlushNotifier } from "@/server/outbox/flush";
import { refusal, testBrowser, testCard } from "@/server/trpc/testing";
import { registeredCustomer, TEST_PASSWORD } from "@/server/users/account-testing";
import type { SessionUser } from "@/server/vocabulary/session-user";

const handle = testDb(4);
const db = handle.db;

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const address = { name: "Rita Tester", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const, phone: "973 555 0100" };

/** A cash-on-delivery order of the customer's own product; cancelled at once when asked (an order that is settled). */
async function order(customer: SessionUser, options: { cancel: boolean }) {
  const browser = testBrowser(customer);
  const product = await createTestProduct(db, { price: "12.5000", stock: { EAST: 5, CENTRAL: 5, WEST: 5 } });
  await browser.caller.cart.add({ sku: product.sku, quantity: 2 });
  const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const placed = await browser.caller.checkout.placeOrder({
    card: testCard,
    email: customer.email,
    address,
    shippingMethod: "standard",
    paymentMethod: "cod",
    codes: [],
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
  if (options.cancel) await browser.caller.orders.cancel({ number: placed.number });
  const [row] = await db.select().from(orders).where(eq(orders.number, placed.number));
  return { ...row!, product };
}

describe("the customer's data export (issue 14)", () => {
  it("holds their profile, addresses, consent history, orders with lines and reviews, and nobody else's", async () => {
    const rita = await registeredCustomer();
    const otto = await registeredCustomer("Otto Other");
    const r = testBrowser(rita).caller;
    await r.addresses.save({ address });
    await r.consents.update({ expectedVersion: 0, choices: { marketingEmail: true, marketingSms: false, newsletterFrequency: "weekly" } });
    const ritas = await order(rita, { cancel: false });
    const [line] = await db.select().from(orderItems).where(eq(orderItems.orderId, ritas.id));
    await db.insert(reviews).values({ productId: ritas.product.id, customerId: rita.id, orderItemId: line!.id, rating: 4, title: "Solid", body: "Does what it says." });
    await testBrowser(otto).caller.addresses.save({ address: { ...address, name: "Otto Other" } });
    const ottos = await order(otto, { cancel: false });

    const data = await r.account.exportData();
    expect(data.profile).toEqual({ name: rita.name, email: rita.email, phone: null, pendingEmail: null });
    expect(data.addresses).toMatchObject([{ isDefault: true, address: { name: "Rita Tester", city: "Newark" } }]);
    expect(data.consentHistory).toMatchObject([{ version: 1, marketingEmail: true, actorId: rita.id, source: "account-page" }]);
    expect(data.orders).toMatchObject([
      { number: ritas.number, total: ritas.total, email: rita.email, lines: [{ sku: ritas.product.sku, quantity: 2, unitPrice: "12.5000", lineTotal: "25.0000" }] },
    ]);
    expect(data.reviews).toMatchObject([{ sku: ritas.product.sku, rating: 4, title: "Solid", status: "pending" }]);
    const json = JSON.stringify(data);
    for (const foreign of [otto.id, otto.email, "Otto Other", ottos.number]) expect(json).not.toContain(foreign);
    expect(json).not.toContain("password");
  });
});

describe("account deletion (issue 14)", () => {
  it("needs the password, and waits for orders on their way", async () => {
    const rita = await registeredCustomer();
    const r = testBrowser(rita).caller;
    expect(await refusal(r.account.deleteAccount({ password: "not-my-password" }))).toEqual({ code: "BAD_REQUEST", messages: ["Your password is not right."] });
    const open = await order(rita, { cancel: false });
    expect(await refusal(r.account.deleteAccount({ password: TEST_PASSWORD }))).toMatchObject({ code: "PRECONDITION_FAILED", messages: [expect.stringContaining(`${open.number} is still on the way`)] });
    expect(await authenticate(db, rita.email, TEST_PASSWORD)).toMatchObject({ id: rita.id });
  });

  it("anonymises the account, its orders and the mails written to it, keeps the orders' amounts, removes addresses and cart, frees the email, and is audited", async () => {
    const rita = await registeredCustomer();
    const r = testBrowser(rita).caller;
    await r.account.updateProfile({ expectedVersion: (await r.account.profile()).version, name: rita.name, email: rita.email, phone: "973 555 0100" });
    await r.addresses.save({ address });
    await r.consents.update({ expectedVersion: 0, choices: { marketingEmail: true, marketingSms: true, newsletterFrequency: "weekly" } });
    await testBrowser().caller.account.requestPasswordReset({ email: rita.email });
    const settled = await order(rita, { cancel: true });
    const product = await createTestProduct(db, { stock: { EAST: 1 } });
    await r.cart.add({ sku: product.sku, quantity: 1 });
    const session = await refreshSessionToken(db, {}, rita);
    const mailMeta = () => ({ outboxId: randomUUID(), aggregateType: "test", aggregateId: rita.id, sequence: 1, schemaVersion: 1, occurredAt: new Date().toISOString() });
    await prepareMail(db, { kind: "welcome", meta: mailMeta(), payload: { userId: rita.id, email: rita.email, name: rita.name } });
    await prepareMail(db, { kind: "order_cancelled", meta: mailMeta(), payload: { orderId: settled.id, number: settled.number, from: "pending_payment", to: "cancelled", reason: "test", actor: "test" } });

    await r.account.deleteAccount({ password: TEST_PASSWORD });

    const [user] = await db.select().from(users).where(eq(users.id, rita.id));
    const personal = [rita.email, rita.name, "Rita", "Tester", "Broad St", "Newark", "07102", "555"];
    const leftIn = (value: unknown) => personal.filter((p) => JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v)).includes(p));
    expect(user).toMatchObject({ name: "Deleted customer", phone: null, deletedAt: expect.any(Date) });
    expect(leftIn({ ...user, id: undefined })).toEqual([]);
    expect(await authenticate(db, rita.email, TEST_PASSWORD)).toBeNull();
    expect((await refreshSessionToken(db, session)).user).toBeUndefined();
    expect(await refusal(r.account.profile())).toEqual({ code: "UNAUTHORIZED", messages: ["Your account no longer exists. Please sign in again."] });

    const [kept] = await db.select().from(orders).where(eq(orders.id, settled.id));
    expect(kept).toMatchObject({ status: "cancelled", customerId: rita.id, total: settled.total, subtotal: settled.subtotal, taxTotal: settled.taxTotal, placedFrom: null });
    expect(kept!.shippingAddress).toEqual({ name: "Anonymised", line1: "", city: "", region: "NJ", postalCode: "", country: "US" });
    expect(leftIn({ email: kept!.email, address: kept!.shippingAddress })).toEqual([]);
    expect(await db.select({ lineTotal: orderItems.lineTotal }).from(orderItems).where(eq(orderItems.orderId, settled.id))).toEqual([{ lineTotal: "25.0000" }]);

    const mails = await db.select().from(mailDeliveries).where(or(eq(mailDeliveries.userId, rita.id), eq(mailDeliveries.orderId, settled.id)));
    expect(mails.map((m) => m.kind).sort()).toEqual(["order_cancelled", "welcome"]);
    expect(leftIn(mails.map((m) => ({ ...m, key: undefined, messageId: undefined, userId: undefined, orderId: undefined })))).toEqual([]);

    expect(await db.select().from(customerAddresses).where(eq(customerAddresses.userId, rita.id))).toEqual([]);
    expect(await db.select().from(accountTokens).where(eq(accountTokens.userId, rita.id))).toEqual([]);
    expect(await db.select().from(carts).where(and(eq(carts.customerId, rita.id), eq(carts.status, "active")))).toEqual([]);
    const consents = await db.select().from(consentVersions).where(eq(consentVersions.userId, rita.id)).orderBy(consentVersions.version);
    expect(consents.map((v) => [v.version, v.marketingEmail, v.marketingSms, v.source])).toEqual([
      [1, true, true, "account-page"],
      [2, false, false, "account-deletion"],
    ]);
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, "account.delete"), eq(auditLog.targetId, rita.id)));
    expect(audit).toMatchObject({ actorId: rita.id, actorRole: "customer", details: { anonymisedOrders: 1, endedCarts: 1 } });
    expect(leftIn(audit)).toEqual([]);

    // The email is free for a new account.
    await testBrowser().caller.account.register({ name: "Rita Again", email: rita.email, password: TEST_PASSWORD });
    expect(await authenticate(db, rita.email, TEST_PASSWORD)).not.toMatchObject({ id: rita.id });
  });
});
