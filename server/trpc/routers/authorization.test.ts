import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { roles, type Role } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { access, type Access } from "@/server/auth/roles";
import { testBrowser } from "../testing";
import { appRouter } from "./index";

type Caller = ReturnType<typeof testBrowser>["caller"];
/** public: anyone; shopper: visitors and customers (staff accounts can't shop); signedIn: any account. */
type Area = Access | "public" | "shopper" | "signedIn";

const address = { name: "Ann Test", line1: "1 Main St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

/**
 * Every procedure with who may call it. A procedure missing here fails the first test, so a
 * new procedure cannot ship without its row in this matrix. Calls use harmless inputs: a
 * refusal must come from the role check, anything else counts as "let through".
 */
const matrix: Record<string, { area: Area; call: (c: Caller) => Promise<unknown> }> = {
  "account.me": { area: "public", call: (c) => c.account.me() },
  "account.register": { area: "public", call: (c) => c.account.register({ name: "x", email: "not-an-email", password: "short" }) },
  "account.session": { area: "signedIn", call: (c) => c.account.session() },
  "catalog.list": { area: "public", call: (c) => c.catalog.list({}) },
  "catalog.product": { area: "public", call: (c) => c.catalog.product({ sku: "NO-SUCH-SKU" }) },
  "cart.get": { area: "shopper", call: (c) => c.cart.get() },
  "cart.add": { area: "shopper", call: (c) => c.cart.add({ sku: "NO-SUCH-SKU", quantity: 1 }) },
  "cart.setQuantity": { area: "shopper", call: (c) => c.cart.setQuantity({ productId: randomUUID(), quantity: 1, expectedVersion: 1 }) },
  "checkout.quote": { area: "shopper", call: (c) => c.checkout.quote({ shippingMethod: "standard", codes: [] }) },
  "checkout.placeOrder": {
    area: "shopper",
    call: (c) =>
      c.checkout.placeOrder({ email: "a@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: "1.00", idempotencyKey: randomUUID() }),
  },
  "checkout.pay": { area: "public", call: (c) => c.checkout.pay({ number: "D999999", card: "4242424242424242" }) },
  "orders.mine": { area: "customer", call: (c) => c.orders.mine() },
  "orders.get": { area: "public", call: (c) => c.orders.get({ number: "D999999" }) },
  "orders.cancel": { area: "public", call: (c) => c.orders.cancel({ number: "D999999" }) },
  "orders.lookup": { area: "public", call: (c) => c.orders.lookup({ number: "D999999", email: "a@example.com" }) },
  "console.warehouses": { area: "staff", call: (c) => c.console.warehouses() },
  "console.outbox": { area: "ops", call: (c) => c.console.outbox() },
  "picking.board": { area: "warehouseManager", call: (c) => c.picking.board({}) },
  "picking.releaseWave": { area: "warehouseManager", call: (c) => c.picking.releaseWave({ maxOrders: 1, maxUnits: 1, zone: "NO-SUCH-ZONE" }) },
  "picking.assign": { area: "warehouseManager", call: (c) => c.picking.assign({ picklistId: randomUUID(), pickerId: randomUUID(), expectedVersion: 1 }) },
  "picking.cancelPicklist": { area: "warehouseManager", call: (c) => c.picking.cancelPicklist({ picklistId: randomUUID(), expectedVersion: 1 }) },
  "picking.resolveShortPick": { area: "warehouseManager", call: (c) => c.picking.resolveShortPick({ lineId: randomUUID(), action: "repick" }) },
  "picking.mine": { area: "picker", call: (c) => c.picking.mine() },
  "picking.picklist": { area: "picker", call: (c) => c.picking.picklist({ picklistId: randomUUID() }) },
  "picking.start": { area: "picker", call: (c) => c.picking.start({ picklistId: randomUUID() }) },
  "picking.checkScan": { area: "picker", call: (c) => c.picking.checkScan({ lineId: randomUUID(), kind: "bin", code: "A-01-1-01" }) },
  "picking.confirm": {
    area: "picker",
    call: (c) => c.picking.confirm({ lineId: randomUUID(), scanId: randomUUID(), binCode: "A-01-1-01", sku: "NO-SUCH-SKU", quantity: 1 }),
  },
  "picking.short": {
    area: "picker",
    call: (c) => c.picking.short({ lineId: randomUUID(), scanId: randomUUID(), binCode: "A-01-1-01", found: 0, reason: "not_found" }),
  },
  "packing.queue": { area: "packer", call: (c) => c.packing.queue() },
  "packing.open": { area: "packer", call: (c) => c.packing.open({ code: "D999999" }) },
  "packing.view": { area: "packer", call: (c) => c.packing.view({ fulfillmentId: randomUUID() }) },
  "packing.scan": { area: "packer", call: (c) => c.packing.scan({ fulfillmentId: randomUUID(), code: "NO-SUCH-SKU" }) },
  "packing.qc": { area: "packer", call: (c) => c.packing.qc({ fulfillmentId: randomUUID(), result: "pass" }) },
  "packing.close": { area: "packer", call: (c) => c.packing.close({ fulfillmentId: randomUUID(), boxCode: "S", weightGrams: 100, expectedVersion: 1 }) },
  "shipping.manualQueue": { area: "shipping", call: (c) => c.shipping.manualQueue() },
  "shipping.readyToShip": { area: "shipping", call: (c) => c.shipping.readyToShip() },
  "shipping.recentlyShipped": { area: "shipping", call: (c) => c.shipping.recentlyShipped() },
  "shipping.retryLabel": { area: "shipping", call: (c) => c.shipping.retryLabel({ shipmentId: randomUUID() }) },
  "shipping.enterTracking": { area: "shipping", call: (c) => c.shipping.enterTracking({ shipmentId: randomUUID(), trackingNumber: "1Z0000000000000000", carrier: "ups" }) },
  "shipping.ship": { area: "shipping", call: (c) => c.shipping.ship({ trackingNumber: "NO-SUCH-TRACKING" }) },
  "returns.request": {
    area: "public",
    call: (c) => c.returns.request({ number: "D999999", items: [{ orderItemId: randomUUID(), quantity: 1, reason: "damaged" }], kind: "refund", note: "" }),
  },
  "returns.forOrder": { area: "public", call: (c) => c.returns.forOrder({ number: "D999999" }) },
  "returns.list": { area: "ops", call: (c) => c.returns.list({}) },
  "returns.detail": { area: "ops", call: (c) => c.returns.detail({ returnId: randomUUID() }) },
  "returns.approve": { area: "ops", call: (c) => c.returns.approve({ returnId: randomUUID() }) },
  "returns.reject": { area: "ops", call: (c) => c.returns.reject({ returnId: randomUUID(), reason: "not ours" }) },
  "returns.receive": { area: "ops", call: (c) => c.returns.receive({ returnId: randomUUID(), items: [{ itemId: randomUUID(), condition: "sellable", restock: true }] }) },
  "opsOrders.search": { area: "ops", call: (c) => c.opsOrders.search({ q: "D999999", limit: 1 }) },
  "opsOrders.timeline": { area: "ops", call: (c) => c.opsOrders.timeline({ number: "D999999" }) },
  "opsOrders.cancel": { area: "ops", call: (c) => c.opsOrders.cancel({ number: "D999999", reason: "authorization matrix" }) },
  "opsOrders.overrideStatus": { area: "ops", call: (c) => c.opsOrders.overrideStatus({ number: "D999999", to: "delivered", reason: "authorization matrix" }) },
  "shipping.simulateTracking": { area: "shippingSupervisor", call: (c) => c.shipping.simulateTracking({ shipmentId: randomUUID(), type: "delivered" }) },
  "compensations.list": { area: "ops", call: (c) => c.compensations.list({ limit: 1 }) },
  "compensations.detail": { area: "ops", call: (c) => c.compensations.detail({ id: randomUUID() }) },
  "compensations.progress": { area: "ops", call: (c) => c.compensations.progress({ ids: [randomUUID()] }) },
  "compensations.replay": { area: "ops", call: (c) => c.compensations.replay({ ids: [randomUUID()] }) },
  "compensations.discard": { area: "ops", call: (c) => c.compensations.discard({ id: randomUUID(), reason: "authorization matrix" }) },
  "audit.search": { area: "ops", call: (c) => c.audit.search({ q: "nothing-matches-this", limit: 1 }) },
  "dashboard.get": { area: "ops", call: (c) => c.dashboard.get() },
  "dashboard.acknowledgeAlert": { area: "ops", call: (c) => c.dashboard.acknowledgeAlert({ alertId: randomUUID() }) },
  "events.list": { area: "ops", call: (c) => c.events.list({ status: "failed" }) },
  "events.throughput": { area: "ops", call: (c) => c.events.throughput() },
  "events.retry": { area: "ops", call: (c) => c.events.retry({ eventId: randomUUID() }) },
  "events.retryAllFailed": { area: "ops", call: (c) => c.events.retryAllFailed({ name: "no-such/event" }) },
  "reservations.stuck": { area: "ops", call: (c) => c.reservations.stuck() },
  "reservations.release": { area: "ops", call: (c) => c.reservations.release({ reservationId: randomUUID(), reason: "authorization matrix" }) },
  "reservations.extend": { area: "ops", call: (c) => c.reservations.extend({ reservationId: randomUUID(), minutes: 10 }) },
  "reservations.commit": { area: "ops", call: (c) => c.reservations.commit({ reservationId: randomUUID() }) },
  "reservations.recheck": { area: "ops", call: (c) => c.reservations.recheck({ warehouseId: randomUUID(), productId: randomUUID() }) },
  "inventory.levels": { area: "ops", call: (c) => c.inventory.levels({ search: "NO-SUCH-SKU" }) },
  "inventory.ledger": { area: "ops", call: (c) => c.inventory.ledger({ sku: "NO-SUCH-SKU" }) },
  "inventory.adjust": { area: "ops", call: (c) => c.inventory.adjust({ warehouseId: randomUUID(), productId: randomUUID(), delta: 1, reason: "authorization matrix" }) },
  "inventory.setThreshold": { area: "ops", call: (c) => c.inventory.setThreshold({ warehouseId: randomUUID(), productId: randomUUID(), threshold: 1 }) },
  "inventory.importStock": { area: "ops", call: (c) => c.inventory.importStock({ csv: "warehouse_code,sku,on_hand\n", dryRun: true }) },
  "inventory.importPrices": { area: "admin", call: (c) => c.inventory.importPrices({ csv: "sku,currency,amount\n", dryRun: true }) },
  "inventory.overridePrice": { area: "admin", call: (c) => c.inventory.overridePrice({ sku: "NO-SUCH-SKU", currency: "USD", amount: "1.00", reason: "authorization matrix" }) },
};

const handle = testDb(4);
afterAll(() => handle.close());

const demoEmails: Record<Role, string> = {
  customer: "alice@example.com",
  picker: "picker.east@depot.test",
  packer: "packer.east@depot.test",
  warehouse_manager: "manager.east@depot.test",
  ops: "ops@depot.test",
  admin: "admin@depot.test",
};

async function sessionFor(role: Role) {
  const user = await authenticate(handle.db, demoEmails[role], "depot-demo");
  if (!user) throw new Error(`seeded ${role} missing`);
  return user;
}

function mayCall(area: Area, role: Role | null): boolean {
  if (area === "public") return true;
  if (area === "shopper") return role === null || role === "customer";
  if (role === null) return false;
  if (area === "signedIn") return true;
  return (access[area] as readonly Role[]).includes(role);
}

describe("authorization matrix", () => {
  it("lists every procedure of the app router", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(matrix).sort());
  });

  for (const role of [null, ...roles] as const) {
    it(`enforces each procedure's roles for ${role ?? "a signed-out visitor"}`, async () => {
      const { caller } = testBrowser(role ? await sessionFor(role) : null);
      for (const [path, row] of Object.entries(matrix)) {
        const outcome = await row.call(caller).then(
          () => "let through",
          (error: unknown) => {
            const code = error instanceof TRPCError ? error.code : "other";
            return code === "UNAUTHORIZED" || code === "FORBIDDEN" ? code : "let through";
          },
        );
        const expected = mayCall(row.area, role) ? "let through" : role === null ? "UNAUTHORIZED" : "FORBIDDEN";
        expect({ path, outcome }).toEqual({ path, outcome: expected });
      }
    });
  }

  it("shows warehouse staff only their own warehouse and ops every warehouse", async () => {
    const picker = testBrowser(await sessionFor("picker")).caller;
    const ops = testBrowser(await sessionFor("ops")).caller;
    expect((await picker.console.warehouses()).map((w) => w.code)).toEqual(["EAST"]);
    expect((await ops.console.warehouses()).map((w) => w.code)).toEqual(["CENTRAL", "EAST", "WEST"]);
  });
});

describe("sign-in", () => {
  it("accepts the right password, any email case, and refuses the rest", async () => {
    expect(await authenticate(handle.db, "ALICE@example.com", "depot-demo")).toMatchObject({ role: "customer", warehouseId: null });
    expect(await authenticate(handle.db, "alice@example.com", "wrong-password")).toBeNull();
    expect(await authenticate(handle.db, "nobody@example.com", "depot-demo")).toBeNull();
  });
});
