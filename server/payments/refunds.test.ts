import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amount, sum } from "@/server/vocabulary/money";
import { fulfillmentItems, orderItems, payments, refunds, returnItems } from "@/db/schema";
import { testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { env } from "@/server/env";
import { writeOffReservedUnits } from "@/server/inventory/write-off";
import { customerOrder } from "@/server/orders/queries";
import { toCustomerOrderView } from "@/server/orders/customer-view";
import { setFlushNotifier } from "@/server/outbox/flush";
import { approveReturn, receiveReturn } from "@/server/returns/ops";
import { requestReturn } from "@/server/returns/request";
import { refundReturn } from "@/server/returns/settle";
import { deliveredOrder } from "@/server/returns/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { newCustomerSession } from "@/server/trpc/test-sessions";
import { SandboxGateway, type Money } from "./gateway";
import { gatewayWith } from "./gateway/testing";
import { refundCancelledUnits } from "./refund-units";
import { claimRefund, previewRefund, previewRefunds, refundSummary } from "./refunds";
import { refundCapture } from "./settle-cancelled";

const handle = testDb(12);
const db = handle.db;
const sandbox = new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });
const calls: { intentId: string; amount?: Money; reference?: string }[] = [];
const gateway = gatewayWith(sandbox, {
  refund: async (intentId, amount, reference) => {
    calls.push({ intentId, amount, reference });
    return sandbox.refund(intentId, amount, reference);
  },
});
/** What the provider was asked to give back on an intent, each idempotency key counted once. */
const refundedAt = (intentId: string) => {
  const once = new Map(calls.filter((c) => c.intentId === intentId).map((c) => [c.reference, amount(c.amount?.amount ?? "0")]));
  return sum([...once.values()]).toFixed(2);
};

let ops: SessionUser;
let alice: SessionUser;
beforeAll(async () => {
  setFlushNotifier(undefined);
  const signIn = async (email: string) => (await authenticate(db, email, "depot-demo")) ?? Promise.reject(new Error(`seeded ${email} missing`));
  // A customer of the test's own: her cart and orders are nobody else's.
  [ops, alice] = await Promise.all([signIn("ops@depot.test"), newCustomerSession(db, "Alice")]);
});
afterAll(async () => {
  setFlushNotifier(null);
  await sandbox.idle();
  await handle.close();
});

/** The warehouse cancels `units` of the fulfillment's line, as the manager's cancel_units resolution does. */
const cancelUnits = (units: number, lines: string[]) => async (fulfillmentId: string) => {
  await transaction(async (tx) => {
    const [item] = await tx.select().from(fulfillmentItems).where(eq(fulfillmentItems.fulfillmentId, fulfillmentId));
    await writeOffReservedUnits(tx, { reservationId: item!.reservationId!, units, reference: item!.id });
    await tx.update(fulfillmentItems).set({ cancelledQuantity: units }).where(eq(fulfillmentItems.id, item!.id));
    lines.push(item!.id);
  }, db);
};

/** The customer returns `units` of the order's only line; ops approve and receive it as sellable. */
async function returned(orderId: string, units: number) {
  const [line] = await db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  const { return: ret } = await transaction(
    (tx) =>
      requestReturn(tx, { id: orderId }, { items: [{ orderItemId: line!.id, quantity: units, reason: "too_large" }], kind: "refund", note: "" }, { label: "guest", userId: null }, { windowDays: 30 }),
    db,
  );
  const [item] = await db.select().from(returnItems).where(eq(returnItems.returnId, ret.id));
  await transaction(async (tx) => {
    await approveReturn(tx, ops, ret.id);
    await receiveReturn(tx, ops, ret.id, [{ itemId: item!.id, condition: "sellable", restock: false }]);
  }, db);
  return ret;
}

/** The issue's order: 4 × $20.75 = $83.00, free standard shipping, NJ tax $5.50: $88.50 paid by card. */
const issueOrder = (beforePack: (fulfillmentId: string) => Promise<void>) =>
  deliveredOrder(db, { lines: [{ price: "20.75", quantity: 4 }], payment: "card", gateway, buyer: alice, beforePack });

describe("refunds include the units' tax and never exceed what was paid (issue 12 item 3, OR-P1-05)", () => {
  it("$83.00 + $5.50 tax refunded by a short pick and a return gives back $88.50, shown as refunded and net paid", async () => {
    const shortLines: string[] = [];
    const { order, intentId } = await issueOrder(cancelUnits(1, shortLines));
    expect([order.subtotal, order.taxTotal, order.shippingTotal, order.total]).toEqual(["83.0000", "5.5000", "0.0000", "88.5000"]);

    // The board's batched preview (several orders in four queries) gives what the refund will be.
    const [line] = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    const other = await issueOrder(async () => {});
    const [otherLine] = await db.select().from(orderItems).where(eq(orderItems.orderId, other.order.id));
    const previews = await previewRefunds(db, [
      { orderId: order.id, units: [{ orderItemId: line!.id, units: 1 }] },
      { orderId: other.order.id, units: [{ orderItemId: otherLine!.id, units: 4 }] },
    ]);
    expect(previews.map((p) => p.toFixed(2))).toEqual(["22.12", "88.50"]);
    expect((await previewRefund(db, order.id, [{ orderItemId: line!.id, units: 1 }])).toFixed(2)).toBe("22.12");

    expect(await refundCancelledUnits(db, gateway, shortLines[0]!)).toBe("refunded");
    expect(refundedAt(intentId!)).toBe("22.12");
    const ret = await returned(order.id, 3);
    expect(await refundReturn(db, gateway, ret.id)).toBe("refunded");

    expect(refundedAt(intentId!)).toBe("88.50");
    const [payment] = await db.select().from(payments).where(eq(payments.intentId, intentId!));
    expect(payment!.status).toBe("refunded");
    expect(await refundSummary(db, order)).toMatchObject({ refunded: "88.5000", netPaid: "0.0000" });
    const view = toCustomerOrderView(await customerOrder(db, alice.id, order.number), { cancellationWindowMinutes: 60 });
    expect(view).toMatchObject({ total: "88.5000", refundedTotal: "88.5000", netPaid: "0.0000" });
  });

  it("returns of a discounted order give back the units' discount and tax shares, exactly the charge in the end", async () => {
    // $60.00 + 2 × $45.00 = $150.00, SAVE15 takes $15.00, NJ tax on $135.00 is $8.94, shipping free: $143.94.
    const { order, intentId } = await deliveredOrder(db, { lines: [{ price: "60.00", quantity: 1 }, { price: "45.00", quantity: 2 }], payment: "card", gateway, codes: ["SAVE15"] });
    expect([order.discountTotal, order.taxTotal, order.total]).toEqual(["15.0000", "8.9400", "143.9400"]);
    const lines = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    const byPrice = (p: string) => lines.find((l) => l.unitPrice === p)!;
    const give = async (items: { orderItemId: string; quantity: number }[]) => {
      const { return: ret } = await transaction(
        (tx) => requestReturn(tx, { id: order.id }, { items: items.map((i) => ({ ...i, reason: "other" as const })), kind: "refund", note: "" }, { label: "guest", userId: null }, { windowDays: 30 }),
        db,
      );
      const inspected = await db.select().from(returnItems).where(eq(returnItems.returnId, ret.id));
      await transaction(async (tx) => {
        await approveReturn(tx, ops, ret.id);
        await receiveReturn(tx, ops, ret.id, inspected.map((i) => ({ itemId: i.id, condition: "sellable" as const, restock: false })));
      }, db);
      expect(await refundReturn(db, gateway, ret.id)).toBe("refunded");
      return refundedAt(intentId!);
    };
    // One $45.00 unit: its line is 90.00 − 9.00 discount + 5.36 tax (largest remainder) = 86.36, half of it 43.18.
    expect(await give([{ orderItemId: byPrice("45.0000").id, quantity: 1 }])).toBe("43.18");
    expect(await give([{ orderItemId: byPrice("45.0000").id, quantity: 1 }, { orderItemId: byPrice("60.0000").id, quantity: 1 }])).toBe("143.94");
    const [payment] = await db.select().from(payments).where(eq(payments.intentId, intentId!));
    expect(payment!.status).toBe("refunded");
  });

  it("a short-pick refund and a return refund racing (several connections) give back exactly what was paid, never more", async () => {
    const shortLines: string[] = [];
    // The short pick happens while the card is only authorized; its refund waits, then races the return's.
    const { order, intentId } = await issueOrder(cancelUnits(1, shortLines));
    const ret = await returned(order.id, 3);
    await Promise.all([
      ...Array.from({ length: 3 }, () => refundCancelledUnits(db, gateway, shortLines[0]!)),
      ...Array.from({ length: 3 }, () => refundReturn(db, gateway, ret.id)),
    ]);
    expect(refundedAt(intentId!)).toBe("88.50");
    expect((await refundSummary(db, order)).refunded).toBe("88.5000");
  });

  it("many refund claims of one order at once, a whole-order cancel among them, sum to exactly the charge", async () => {
    const { order, intentId } = await deliveredOrder(db, { lines: [{ price: "7.33", quantity: 9 }], payment: "card", gateway });
    const [line] = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    const [payment] = await db.select().from(payments).where(eq(payments.intentId, intentId!));
    // 12 claims of one unit for a line of 9, racing on their own connections: no claim sees a stale total.
    const claims = await Promise.all(
      Array.from({ length: 12 }, () =>
        transaction((tx) => claimRefund(tx, { orderId: order.id, payment: payment!, kind: "return", reference: `race:${randomUUID()}`, units: [{ orderItemId: line!.id, units: 1 }] }), db),
      ),
    );
    for (const c of claims) expect(amount(c.amount).greaterThanOrEqualTo(0)).toBe(true);
    const goods = amount(order.subtotal).minus(order.discountTotal).plus(order.taxTotal);
    expect(sum(claims.map((c) => amount(c.amount))).toFixed(4)).toBe(goods.toFixed(4));
    // The cancel then gives back the rest (shipping), so the whole charge comes back exactly once.
    await refundCapture(db, gateway, payment!.id, intentId!);
    expect(refundedAt(intentId!)).toBe(amount(order.total).minus(goods).toFixed(2));
    const all = await db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(sum(all.map((r) => amount(r.amount))).toFixed(4)).toBe(amount(order.total).toFixed(4));
  });
});
