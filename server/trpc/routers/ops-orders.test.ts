import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { placedOrder } from "@/server/fulfillment/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "../testing";

const handle = testDb(4);
const db = handle.db;
let ops: ReturnType<typeof testBrowser>["caller"];

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = testBrowser(await authenticate(db, "ops@depot.test", "depot-demo")).caller;
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** What the browser is shown: the error formatter turns zod's issues into their sentences. */
const shown = (error: TRPCError) => (error.cause instanceof ZodError ? error.cause.issues.map((i) => i.message).join(". ") : error.message);

describe("opsOrders router", () => {
  it("finds an order, shows its timeline, and cancels it with a reason, audited", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 3 } });
    const order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const found = await ops.opsOrders.search({ q: order.number, status: "", from: "", to: "", sku: "", limit: 5 });
    expect(found.rows.map((r) => r.number)).toEqual([order.number]);

    const before = await ops.opsOrders.timeline({ number: order.number });
    expect(before.order).toMatchObject({ status: "pending_payment", cancelRefusal: null, nextStatuses: [] });

    const short = await refusal(ops.opsOrders.cancel({ number: order.number, reason: "no", expectedVersion: before.order.version }));
    expect(short.code).toBe("BAD_REQUEST");
    expect(shown(short)).toBe("Give a reason of at least 5 characters");

    await ops.opsOrders.cancel({ number: order.number, reason: "customer asked by phone", expectedVersion: before.order.version });
    const after = await ops.opsOrders.timeline({ number: order.number });
    expect(after.order.status).toBe("cancelled");
    expect(after.entries.find((e) => e.kind === "audit")).toMatchObject({ title: "Operator action: order.cancel", actor: "ops@depot.test" });

    // A second click on a stale page: refused, nothing more written.
    const again = await refusal(ops.opsOrders.cancel({ number: order.number, reason: "customer asked by phone", expectedVersion: before.order.version }));
    expect(again.code).toBe("CONFLICT");
    expect((await ops.opsOrders.timeline({ number: order.number })).counts.audit).toBe(1);
  });

  it("answers bad input with sentences", async () => {
    expect(shown(await refusal(ops.opsOrders.timeline({ number: "12345" })))).toBe("Enter an order number like D100001");
    expect(shown(await refusal(ops.opsOrders.search({ from: "31/01/2025", limit: 5 })))).toBe("From must be a date like 2025-01-31");
    expect(shown(await refusal(ops.opsOrders.overrideStatus({ number: "D100001", to: "lost" as "delivered", reason: "for the test" })))).toBe("Choose a status from the list");
    expect((await refusal(ops.opsOrders.timeline({ number: "D000001" }))).code).toBe("NOT_FOUND");
  });
});
