import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { compensationAttempts, failedCompensations, mailDeliveries, orders, outbox, refunds, returns } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import type { LocalExecutor } from "@/inngest/local-executor";
import { testExecutor } from "@/inngest/local-executor/testing";
import { replayCompensations } from "@/server/compensations";
import { databaseUrl } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { requestLabel, shipFulfillment } from "@/server/shipping";
import { orderBeingPacked, pack } from "@/server/shipping/testing";
import { demoSession, newCustomerSession } from "@/server/trpc/test-sessions";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { accountLinkUrl } from "@/server/users";
import type { DomainEventPayload, OutboxMeta } from "@/server/vocabulary/events";
import { mailKinds, type MailKind } from "@/server/vocabulary/mail";
import { deliverMail, prepareMail } from "./deliveries";
import type { MailRequest } from "./sources";
import { startTestSmtp, type SmtpInbox } from "./testing";
import { setSmtpUrl } from "./transport";

/**
 * Issue 14: transactional mail over the real path. Domain code commits an outbox event, the relay
 * sends it to the local executor, the mail function writes the mail and sends it over SMTP to a
 * server this test starts (smtp-server); mailparser reads what arrived.
 */
const handle = testDb(6);
const db = handle.db;
let executor: LocalExecutor;
let inbox: SmtpInbox;

beforeAll(async () => {
  setFlushNotifier(null);
  inbox = await startTestSmtp();
  executor = await testExecutor();
});
afterEach(() => {
  inbox.refuse(false);
  setSmtpUrl(inbox.url);
});
afterAll(async () => {
  await executor.stop();
  await inbox.close();
  await handle.close();
});

const address = { name: "Gia Guest", line1: "1 Mail St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

/** A guest's cash-on-delivery order through the real checkout, with a checkout email of its own. */
async function guestOrder(price = "12.50", quantity = 2) {
  const product = await createTestProduct(db, { stock: { EAST: 10 }, price });
  const email = `guest-${randomUUID().slice(0, 8)}@example.com`;
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: product.sku, quantity });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const { number } = await guest.caller.checkout.placeOrder({
    card: testCard,
    email,
    address,
    shippingMethod: "standard",
    paymentMethod: "cod",
    codes: [],
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  return { order: order!, email };
}

const deliveriesOf = (orderId: string, kind: MailKind) => db.select().from(mailDeliveries).where(and(eq(mailDeliveries.orderId, orderId), eq(mailDeliveries.kind, kind)));
const sendMailCompensations = (orderId: string) => db.select().from(failedCompensations).where(and(eq(failedCompensations.orderId, orderId), eq(failedCompensations.operation, "send_mail")));

describe("order mail through outbox, Inngest and SMTP (issue 14)", () => {
  it("issue 14: a guest's 'order placed' mail reaches the checkout email with the right total, an HTML and a text part and the order link", async () => {
    const { order, email } = await guestOrder("12.50", 2);
    await executor.drain();

    const mails = inbox.to(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    const total = `$${Number(order.total).toFixed(2)}`;
    expect(order.total).not.toBe("0.0000");
    expect(mail!.subject).toBe(`Order ${order.number} placed: ${total}`);
    const link = `http://localhost:3000/orders/${order.number}`;
    expect(mail!.html).toEqual(expect.stringContaining(link));
    expect(mail!.html).toEqual(expect.stringContaining(total));
    expect(mail!.text).toContain(total);
    expect(mail!.text).toContain(link);
    // A guest also learns how to find the order from another device.
    expect(mail!.text).toContain("http://localhost:3000/orders/lookup");
    expect(mail!.messageId).toBe(`<order_placed.${order.id}@localhost>`);
    expect(await deliveriesOf(order.id, "order_placed")).toMatchObject([{ status: "sent", recipient: email, attempts: 1 }]);
  });

  it("issue 14: the 'shipped' mail carries the carrier and the tracking number, written from the handover's event", async () => {
    const placed = await orderBeingPacked(db, ["EAST"]);
    const fulfillment = placed.fulfillments[0]!;
    const shipment = await pack(db, fulfillment.id);
    const labelled = await requestLabel(db, shipment.id, "test");
    if (labelled.status !== "labelled") throw new Error("the sandbox label failed");
    const trackingNumber = labelled.shipment.trackingNumber!;
    await transaction((tx) => shipFulfillment(tx, { fulfillmentId: fulfillment.id, actor: "user:test", scope: { kind: "all" } }), db);
    await executor.drain();

    const shipped = inbox.messages.filter((m) => m.subject?.startsWith(`Order ${placed.order.number} shipped`));
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.subject).toBe(`Order ${placed.order.number} shipped: Depot Sandbox Carrier ${trackingNumber}`);
    expect(shipped[0]!.text).toContain(trackingNumber);
    expect(shipped[0]!.text).toContain("Depot Sandbox Carrier");
    expect(shipped[0]!.html).toEqual(expect.stringContaining(`http://localhost:3000/orders/${placed.order.number}`));
    // The confirmation of that order was mailed too, once.
    expect(inbox.messages.filter((m) => m.subject === `Order ${placed.order.number} confirmed`)).toHaveLength(1);
  });

  it("issue 14: the same event delivered twice, or twice at once, sends one mail", async () => {
    const { order, email } = await guestOrder();
    await executor.drain();
    expect(inbox.to(email)).toHaveLength(1);

    // The relay sends the row again (crashed after sending, before marking it sent): same event id.
    await db.update(outbox).set({ status: "pending", sentAt: null }).where(and(eq(outbox.aggregateId, order.id), eq(outbox.name, "order/placed")));
    await executor.send([{ name: "outbox/flush", data: {} }]);
    await executor.drain();
    // Two copies of the event under different ids at the same moment (a duplicated outbox row).
    const [row] = await db.select().from(outbox).where(and(eq(outbox.aggregateId, order.id), eq(outbox.name, "order/placed")));
    const copy = { name: "order/placed", data: { meta: { outboxId: row!.id, aggregateType: "order", aggregateId: order.id, sequence: row!.sequence, schemaVersion: 1, occurredAt: new Date().toISOString() }, payload: row!.payload } };
    await executor.send([
      { ...copy, id: `copy-a-${randomUUID()}` },
      { ...copy, id: `copy-b-${randomUUID()}` },
    ]);
    await executor.drain();

    expect(inbox.to(email)).toHaveLength(1);
    expect(await deliveriesOf(order.id, "order_placed")).toMatchObject([{ status: "sent" }]);
    expect(await sendMailCompensations(order.id)).toEqual([]);
  });

  it("issue 14: twelve concurrent sends of one mail on separate connections make one SMTP delivery", async () => {
    const { order, email } = await guestOrder();
    await executor.drain();
    // A mail no event has asked for yet (this cash-on-delivery order is not confirmed), sent twelve times at once.
    const payload = { orderId: order.id, number: order.number, from: "pending_payment", to: "confirmed", reason: "test", actor: "test" } as const;
    const request: MailRequest = { kind: "order_confirmed", meta: { outboxId: randomUUID(), aggregateType: "order", aggregateId: order.id, sequence: 99, schemaVersion: 1, occurredAt: new Date().toISOString() }, payload };
    const pools = Array.from({ length: 4 }, () => createDb(databaseUrl(), { max: 3 }));
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const pool = pools[i % 4]!.db;
          const prepared = await prepareMail(pool, request);
          return deliverMail(pool, prepared.deliveryId, `run-${i}`);
        }),
      );
      expect(outcomes.filter((o) => o === "sent")).toHaveLength(1);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    expect(inbox.to(email).filter((m) => m.subject === `Order ${order.number} confirmed`)).toHaveLength(1);
    expect(await deliveriesOf(order.id, "order_confirmed")).toMatchObject([{ status: "sent" }]);
  });

  it("issue 14, P0-2024-01: an SMTP server that refuses leads to retries, then a failed send_mail row ops replay, after which exactly one mail arrives", async () => {
    inbox.refuse(true);
    const { order, email } = await guestOrder();
    await executor.drain();

    expect(inbox.to(email)).toHaveLength(0);
    const [placedEvent] = await db.select().from(outbox).where(and(eq(outbox.aggregateId, order.id), eq(outbox.name, "order/placed")));
    const runs = executor.runs().filter((r) => r.functionId.endsWith("mail-order-placed") && r.eventId === placedEvent!.id);
    expect(runs).toMatchObject([{ status: "failed" }]);
    expect(await deliveriesOf(order.id, "order_placed")).toMatchObject([{ status: "failed", attempts: 7, lastError: expect.stringContaining("451") }]);
    const [failed] = await sendMailCompensations(order.id);
    expect(failed).toMatchObject({ status: "pending", lastError: expect.stringContaining("451"), metadata: { key: `order_placed:${order.id}`, recipient: email } });

    // The cause is fixed; ops replay the row from the console (a double click is one replay).
    inbox.refuse(false);
    const ops = await demoSession(db, "ops");
    const results = await transaction((tx) => replayCompensations(tx, [failed!.id, failed!.id], ops), db);
    expect(results).toEqual([{ id: failed!.id, outcome: "queued" }]);
    await executor.drain();

    expect(inbox.to(email)).toHaveLength(1);
    expect(inbox.to(email)[0]!.subject).toContain(`Order ${order.number} placed`);
    expect((await sendMailCompensations(order.id))[0]).toMatchObject({ status: "resolved" });
    expect(await db.select().from(compensationAttempts).where(eq(compensationAttempts.compensationId, failed!.id))).toMatchObject([{ trigger: "replay", outcome: "resolved" }]);
    expect(await deliveriesOf(order.id, "order_placed")).toMatchObject([{ status: "sent" }]);
  });

  it("issue 14, P0-2024-01: with the SMTP server down the mail waits as a failed row, and the compensation cron sends it once the server is back", async () => {
    const down = await startTestSmtp({ own: false });
    await down.close();
    setSmtpUrl(down.url);
    const { order, email } = await guestOrder();
    await executor.drain();
    const [failed] = await sendMailCompensations(order.id);
    expect(failed).toMatchObject({ status: "pending", lastError: expect.stringMatching(/ECONNREFUSED/) });

    setSmtpUrl(inbox.url);
    await db.update(failedCompensations).set({ nextAttemptAt: sql`now() - interval '1 minute'` }).where(eq(failedCompensations.id, failed!.id));
    await executor.tickCrons(new Date(Date.now() + 5 * 60_000));
    await executor.drain();
    expect(inbox.to(email).filter((m) => m.subject?.startsWith(`Order ${order.number} placed`))).toHaveLength(1);
    expect((await sendMailCompensations(order.id))[0]).toMatchObject({ status: "resolved" });
  });
});

describe("every kind of mail renders its subject and key facts (issue 14)", () => {
  it("issue 14: each kind is written with its subject, the facts that matter and its link, in HTML and text", async () => {
    const { order, email } = await guestOrder("20.00", 1);
    const [ret] = await db.insert(returns).values({ number: `R-${randomUUID().slice(0, 8)}`, orderId: order.id, currency: "USD", refundAmount: "15.0000", status: "received" }).returning();
    const [refund] = await db.insert(refunds).values({ orderId: order.id, kind: "short_pick", reference: `test:${randomUUID()}`, status: "succeeded", currency: "USD", amount: "7.2500" }).returning();
    const tokenId = randomUUID();
    const user = await newCustomerSession(db, "Ada");
    const userId = user.id;
    const meta = (): OutboxMeta => ({ outboxId: randomUUID(), aggregateType: "test", aggregateId: order.id, sequence: 1, schemaVersion: 1, occurredAt: new Date().toISOString() });
    const orderLink = `http://localhost:3000/orders/${order.number}`;
    const total = `$${Number(order.total).toFixed(2)}`;
    const change = { orderId: order.id, number: order.number, from: null, reason: "test", actor: "test" };
    const payment = { paymentId: randomUUID(), orderId: order.id, intentId: null, from: null, reason: "test" };
    const account = { userId, email: user.email, name: "Ada", tokenId, expiresAt: "2026-12-03T20:00:00.000Z" };
    const returned = { returnId: ret!.id, number: ret!.number, orderId: order.id, kind: "refund" as const, from: null, reason: "test", actor: "test" };

    const cases: Record<MailKind, { payload: unknown; subject: string; facts: string[] }> = {
      order_placed: {
        payload: { orderId: order.id, number: order.number, customerId: null, email, currency: "USD", total: order.total, paymentMethod: "cod", reservationExpiresAt: null, lines: [] } satisfies DomainEventPayload<"order/placed">,
        subject: `Order ${order.number} placed: ${total}`,
        facts: [total, "Cash on delivery", orderLink],
      },
      payment_failed: { payload: { ...payment, to: "failed" }, subject: `Payment for order ${order.number} did not go through`, facts: ["Pay again", orderLink] },
      order_confirmed: { payload: { ...change, to: "confirmed" }, subject: `Order ${order.number} confirmed`, facts: [total, orderLink] },
      shipped: {
        payload: { shipmentId: randomUUID(), fulfillmentId: randomUUID(), orderId: order.id, carrier: "ups", trackingNumber: "1Z999", from: "labelled", to: "shipped", reason: "test", actor: "test" },
        subject: `Order ${order.number} shipped: UPS 1Z999`,
        facts: ["UPS", "1Z999", "https://www.ups.com/track?tracknum=1Z999"],
      },
      delivered: { payload: { ...change, to: "delivered" }, subject: `Order ${order.number} delivered`, facts: ["request a return", orderLink] },
      order_cancelled: { payload: { ...change, to: "cancelled" }, subject: `Order ${order.number} cancelled`, facts: [total, orderLink] },
      order_refunded: {
        payload: { ...payment, to: "partially_refunded", refund: { id: refund!.id, kind: "short_pick", amount: refund!.amount, currency: "USD" } },
        subject: `Order ${order.number} refunded: $7.25`,
        facts: ["$7.25", orderLink],
      },
      return_received: { payload: { ...returned, to: "received" }, subject: `Return ${ret!.number} received`, facts: [ret!.number, orderLink] },
      return_refunded: { payload: { ...returned, to: "refunded" }, subject: `Return ${ret!.number} refunded: $15.00`, facts: ["$15.00", orderLink] },
      welcome: { payload: { userId, email: user.email, name: "Ada" }, subject: "Welcome to Depot, Ada", facts: [user.email, "http://localhost:3000"] },
      password_reset: { payload: account, subject: "Reset your Depot password", facts: [accountLinkUrl("password-reset", tokenId), "2026-12-03 20:00 UTC"] },
      email_change: { payload: account, subject: "Confirm your new Depot email address", facts: [accountLinkUrl("email-change", tokenId), user.email] },
    };
    expect(Object.keys(cases).sort()).toEqual([...mailKinds].sort());

    for (const kind of mailKinds) {
      const { payload, subject, facts } = cases[kind];
      const prepared = await prepareMail(db, { kind, meta: meta(), payload } as MailRequest);
      const [row] = await db.select().from(mailDeliveries).where(eq(mailDeliveries.id, prepared.deliveryId));
      expect({ kind, subject: row!.subject }).toEqual({ kind, subject });
      const recipient = kind === "welcome" || kind === "password_reset" || kind === "email_change" ? user.email : email;
      expect({ kind, recipient: row!.recipient }).toEqual({ kind, recipient });
      for (const fact of facts) {
        expect({ kind, inText: row!.text.includes(fact) }).toEqual({ kind, inText: true });
        expect({ kind, inHtml: row!.html.includes(fact.replaceAll("&", "&amp;")) }).toEqual({ kind, inHtml: true });
      }
      expect(row!.html).toMatch(/^<!DOCTYPE html/);
    }
  });
});
