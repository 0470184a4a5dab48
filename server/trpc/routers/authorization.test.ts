import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roles, type Role } from "@/server/vocabulary/users";
import { users } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { access, allowed, type Access } from "@/server/auth/roles";
import { isDomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { setSandboxTrackingTransport } from "@/server/shipping/simulate";
import { demoSession } from "../test-sessions";
import { testBrowser, testCard } from "../testing";
import { eastAndWestObjects, stateOf, type WarehouseObjects } from "../warehouse-testing";
import { appRouter } from "./index";

type Caller = ReturnType<typeof testBrowser>["caller"];
/** public: anyone; shopper: visitors and customers (staff accounts can't shop); signedIn: any account. */
type Area = Access | "public" | "shopper" | "signedIn";

const address = { name: "Ann Test", line1: "1 Main St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

/** Another warehouse's object sent in one input field: `foreign` names a real one (made by the test), `missing` one that does not exist. */
type ScopeProbe = { foreign: (o: WarehouseObjects) => string; missing?: string; call: (c: Caller, ref: string, o: WarehouseObjects) => Promise<unknown> };
/** An id-like field that names no object of a warehouse, and why. */
type NotScoped = { notAWarehouseObject: string };
/**
 * How a procedure open to warehouse staff keeps to the caller's warehouse (SEC-P1-02): for each
 * id-like input field a probe or the reason it needs none; `ownWarehouseOnly` for one without
 * id-like input that answers with the caller's warehouse's objects only.
 */
type WarehouseScoping = typeof ownWarehouseOnly | Record<string, ScopeProbe | NotScoped>;
const ownWarehouseOnly = "own warehouse only";
const scanIdIsNoReference: NotScoped = { notAWarehouseObject: "the handheld's idempotency key for this scan, replayed only for a line of the caller's warehouse" };

/**
 * Every procedure with who may call it. A procedure missing here fails the first test, so a
 * new procedure cannot ship without its row in this matrix. Calls use harmless inputs: a
 * refusal must come from the role check, anything else counts as "let through". Rows open to
 * warehouse staff also say how they are scoped to the caller's warehouse (`warehouse`).
 */
const matrix: Record<string, { area: Area; call: (c: Caller) => Promise<unknown>; warehouse?: WarehouseScoping }> = {
  "account.me": { area: "public", call: (c) => c.account.me() },
  "account.register": { area: "public", call: (c) => c.account.register({ name: "x", email: "not-an-email", password: "short" }) },
  "account.session": { area: "signedIn", call: (c) => c.account.session() },
  "account.profile": { area: "customer", call: (c) => c.account.profile() },
  // A version no profile has: refused as stale (CONFLICT) once let through, so nothing changes.
  "account.updateProfile": { area: "customer", call: (c) => c.account.updateProfile({ expectedVersion: 0, name: "Nobody", email: "nobody@example.com", phone: "" }) },
  "account.confirmEmailChange": { area: "public", call: (c) => c.account.confirmEmailChange({ token: "not-a-token" }) },
  "account.changePassword": { area: "customer", call: (c) => c.account.changePassword({ currentPassword: "wrong-password", newPassword: "short" }) },
  "account.requestPasswordReset": { area: "public", call: (c) => c.account.requestPasswordReset({ email: "nobody-at-all@example.com" }) },
  "account.resetPassword": { area: "public", call: (c) => c.account.resetPassword({ token: "not-a-token", newPassword: "a-long-new-password" }) },
  "account.exportData": { area: "customer", call: (c) => c.account.exportData() },
  "account.deleteAccount": { area: "customer", call: (c) => c.account.deleteAccount({ password: "" }) },
  "addresses.list": { area: "customer", call: (c) => c.addresses.list() },
  "addresses.save": { area: "customer", call: (c) => c.addresses.save({ id: randomUUID(), address, makeDefault: false }) },
  "addresses.setDefault": { area: "customer", call: (c) => c.addresses.setDefault({ id: randomUUID() }) },
  "addresses.remove": { area: "customer", call: (c) => c.addresses.remove({ id: randomUUID() }) },
  "consents.get": { area: "customer", call: (c) => c.consents.get() },
  // A version from the future: refused as stale once let through.
  "consents.update": { area: "customer", call: (c) => c.consents.update({ expectedVersion: 1_000_000, choices: { marketingEmail: true, marketingSms: false, newsletterFrequency: "weekly" } }) },
  "catalog.list": { area: "public", call: (c) => c.catalog.list({}) },
  "catalog.product": { area: "public", call: (c) => c.catalog.product({ sku: "NO-SUCH-SKU" }) },
  "cart.get": { area: "shopper", call: (c) => c.cart.get() },
  "cart.add": { area: "shopper", call: (c) => c.cart.add({ sku: "NO-SUCH-SKU", quantity: 1 }) },
  "cart.setQuantity": { area: "shopper", call: (c) => c.cart.setQuantity({ productId: randomUUID(), quantity: 1, expectedVersion: 1 }) },
  "checkout.quote": { area: "shopper", call: (c) => c.checkout.quote({ shippingMethod: "standard", codes: [] }) },
  "checkout.placeOrder": {
    area: "shopper",
    call: (c) =>
      c.checkout.placeOrder({ card: testCard, email: "a@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: "1.00", idempotencyKey: randomUUID() }),
  },
  "checkout.pay": { area: "public", call: (c) => c.checkout.pay({ number: "D999999", card: "4242424242424242" }) },
  // Checks a card like Stripe.js would (nothing of ours is read or written): anyone may ask.
  "checkout.cardPaymentMethod": { area: "public", call: (c) => c.checkout.cardPaymentMethod({ number: "1234", expMonth: 12, expYear: 2034, cvc: "123" }) },
  "checkout.payOnDelivery": { area: "public", call: (c) => c.checkout.payOnDelivery({ number: "D999999" }) },
  "orders.mine": { area: "customer", call: (c) => c.orders.mine() },
  "orders.get": { area: "public", call: (c) => c.orders.get({ number: "D999999" }) },
  "orders.cancel": { area: "public", call: (c) => c.orders.cancel({ number: "D999999" }) },
  "orders.lookup": { area: "public", call: (c) => c.orders.lookup({ number: "D999999", email: "a@example.com" }) },
  "console.warehouses": { area: "staff", call: (c) => c.console.warehouses(), warehouse: ownWarehouseOnly },
  "console.outbox": { area: "ops", call: (c) => c.console.outbox() },
  "picking.board": {
    area: "warehouseManager",
    call: (c) => c.picking.board({}),
    warehouse: { warehouseId: { foreign: (o) => o.east.warehouseId, call: (c, warehouseId) => c.picking.board({ warehouseId }) } },
  },
  "picking.releaseWave": {
    area: "warehouseManager",
    call: (c) => c.picking.releaseWave({ maxOrders: 1, maxUnits: 1, zone: "NO-SUCH-ZONE" }),
    warehouse: { warehouseId: { foreign: (o) => o.east.warehouseId, call: (c, warehouseId) => c.picking.releaseWave({ warehouseId, maxOrders: 1, maxUnits: 1, zone: "NO-SUCH-ZONE" }) } },
  },
  "picking.assign": {
    area: "warehouseManager",
    call: (c) => c.picking.assign({ picklistId: randomUUID(), pickerId: randomUUID(), expectedVersion: 1 }),
    warehouse: {
      picklistId: { foreign: (o) => o.east.picklistId, call: (c, picklistId, o) => c.picking.assign({ picklistId, pickerId: o.west.pickerId, expectedVersion: o.east.picklistVersion }) },
      // Another warehouse's picker for the caller's own open picklist.
      pickerId: { foreign: (o) => o.east.pickerId, call: (c, pickerId, o) => c.picking.assign({ picklistId: o.west.picklistId, pickerId, expectedVersion: o.west.picklistVersion }) },
    },
  },
  "picking.cancelPicklist": {
    area: "warehouseManager",
    call: (c) => c.picking.cancelPicklist({ picklistId: randomUUID(), expectedVersion: 1 }),
    warehouse: { picklistId: { foreign: (o) => o.east.picklistId, call: (c, picklistId, o) => c.picking.cancelPicklist({ picklistId, expectedVersion: o.east.picklistVersion }) } },
  },
  "picking.resolveShortPick": {
    area: "warehouseManager",
    call: (c) => c.picking.resolveShortPick({ lineId: randomUUID(), action: "repick" }),
    warehouse: {
      lineId: { foreign: (o) => o.east.lineId, call: (c, lineId) => c.picking.resolveShortPick({ lineId, action: "cancel_units" }) },
      warehouseId: { notAWarehouseObject: "where the missing units ship from instead: another warehouse by design (the board offers those with the stock)" },
    },
  },
  "picking.mine": { area: "picker", call: (c) => c.picking.mine(), warehouse: ownWarehouseOnly },
  "picking.picklist": {
    area: "picker",
    call: (c) => c.picking.picklist({ picklistId: randomUUID() }),
    warehouse: { picklistId: { foreign: (o) => o.east.picklistId, call: (c, picklistId) => c.picking.picklist({ picklistId }) } },
  },
  "picking.start": {
    area: "picker",
    call: (c) => c.picking.start({ picklistId: randomUUID() }),
    warehouse: { picklistId: { foreign: (o) => o.east.picklistId, call: (c, picklistId) => c.picking.start({ picklistId }) } },
  },
  "picking.checkScan": {
    area: "picker",
    call: (c) => c.picking.checkScan({ lineId: randomUUID(), kind: "bin", code: "A-01-1-01" }),
    warehouse: {
      lineId: { foreign: (o) => o.east.lineId, call: (c, lineId, o) => c.picking.checkScan({ lineId, kind: "bin", code: o.east.binCode }) },
      code: { notAWarehouseObject: "the scanned label, compared with the line's own bin or SKU" },
    },
  },
  "picking.confirm": {
    area: "picker",
    call: (c) => c.picking.confirm({ lineId: randomUUID(), scanId: randomUUID(), binCode: "A-01-1-01", sku: "NO-SUCH-SKU", quantity: 1 }),
    warehouse: {
      lineId: { foreign: (o) => o.east.lineId, call: (c, lineId, o) => c.picking.confirm({ lineId, scanId: randomUUID(), binCode: o.east.binCode, sku: o.east.sku, quantity: 1 }) },
      scanId: scanIdIsNoReference,
    },
  },
  "picking.short": {
    area: "picker",
    call: (c) => c.picking.short({ lineId: randomUUID(), scanId: randomUUID(), binCode: "A-01-1-01", found: 0, reason: "not_found" }),
    warehouse: {
      lineId: { foreign: (o) => o.east.lineId, call: (c, lineId, o) => c.picking.short({ lineId, scanId: randomUUID(), binCode: o.east.binCode, found: 0, reason: "not_found" }) },
      scanId: scanIdIsNoReference,
    },
  },
  "packing.queue": { area: "packer", call: (c) => c.packing.queue(), warehouse: ownWarehouseOnly },
  "packing.open": {
    area: "packer",
    call: (c) => c.packing.open({ code: "D999999" }),
    warehouse: { code: { foreign: (o) => o.east.packingOrderNumber, missing: "D999999", call: (c, code) => c.packing.open({ code }) } },
  },
  "packing.view": {
    area: "packer",
    call: (c) => c.packing.view({ fulfillmentId: randomUUID() }),
    warehouse: { fulfillmentId: { foreign: (o) => o.east.packingFulfillmentId, call: (c, fulfillmentId) => c.packing.view({ fulfillmentId }) } },
  },
  "packing.scan": {
    area: "packer",
    call: (c) => c.packing.scan({ fulfillmentId: randomUUID(), code: "NO-SUCH-SKU" }),
    warehouse: {
      fulfillmentId: { foreign: (o) => o.east.packingFulfillmentId, call: (c, fulfillmentId, o) => c.packing.scan({ fulfillmentId, code: o.east.packingSku }) },
      code: { notAWarehouseObject: "the scanned SKU, matched against the fulfillment's own items" },
      scanId: { notAWarehouseObject: "the handheld's idempotency key for this scan, replayed only after the fulfillment is found in the caller's warehouse" },
    },
  },
  "packing.qc": {
    area: "packer",
    call: (c) => c.packing.qc({ fulfillmentId: randomUUID(), result: "pass" }),
    warehouse: { fulfillmentId: { foreign: (o) => o.east.packingFulfillmentId, call: (c, fulfillmentId) => c.packing.qc({ fulfillmentId, result: "fail", notes: "probe from another warehouse" }) } },
  },
  "packing.close": {
    area: "packer",
    call: (c) => c.packing.close({ fulfillmentId: randomUUID(), boxCode: "S", weightGrams: 100, expectedVersion: 1 }),
    warehouse: {
      fulfillmentId: {
        foreign: (o) => o.east.packingFulfillmentId,
        call: (c, fulfillmentId, o) => c.packing.close({ fulfillmentId, boxCode: "S", weightGrams: 100, expectedVersion: o.east.packingVersion }),
      },
    },
  },
  "shipping.manualQueue": { area: "shipping", call: (c) => c.shipping.manualQueue(), warehouse: ownWarehouseOnly },
  "shipping.readyToShip": { area: "shipping", call: (c) => c.shipping.readyToShip(), warehouse: ownWarehouseOnly },
  "shipping.recentlyShipped": { area: "shipping", call: (c) => c.shipping.recentlyShipped(), warehouse: ownWarehouseOnly },
  "shipping.retryLabel": {
    area: "shipping",
    call: (c) => c.shipping.retryLabel({ shipmentId: randomUUID() }),
    warehouse: { shipmentId: { foreign: (o) => o.east.waitingShipmentId, call: (c, shipmentId) => c.shipping.retryLabel({ shipmentId }) } },
  },
  "shipping.enterTracking": {
    area: "shipping",
    call: (c) => c.shipping.enterTracking({ shipmentId: randomUUID(), trackingNumber: "1Z0000000000000000", carrier: "ups" }),
    warehouse: {
      shipmentId: { foreign: (o) => o.east.waitingShipmentId, call: (c, shipmentId) => c.shipping.enterTracking({ shipmentId, trackingNumber: "1ZPROBE000000001", carrier: "ups" }) },
      trackingNumber: { notAWarehouseObject: "the number on the label, stored on the caller's own shipment; a duplicate names no other warehouse's order (labels.test.ts)" },
    },
  },
  "shipping.ship": {
    area: "shipping",
    call: (c) => c.shipping.ship({ trackingNumber: "NO-SUCH-TRACKING" }),
    warehouse: {
      fulfillmentId: { foreign: (o) => o.east.readyFulfillmentId, call: (c, fulfillmentId) => c.shipping.ship({ fulfillmentId }) },
      trackingNumber: { foreign: (o) => o.east.trackingNumber, missing: "NOSUCHPARCEL0001", call: (c, trackingNumber) => c.shipping.ship({ trackingNumber }) },
    },
  },
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
  "reviews.forProduct": { area: "public", call: (c) => c.reviews.forProduct({ productId: randomUUID() }) },
  "reviews.eligibility": { area: "customer", call: (c) => c.reviews.eligibility({ productId: randomUUID() }) },
  "reviews.submit": { area: "customer", call: (c) => c.reviews.submit({ productId: randomUUID(), rating: 5, title: "Good", body: "A product I never received." }) },
  "reviews.queue": { area: "ops", call: (c) => c.reviews.queue({}) },
  "reviews.approve": { area: "ops", call: (c) => c.reviews.approve({ reviewId: randomUUID(), expectedVersion: 1 }) },
  "reviews.reject": { area: "ops", call: (c) => c.reviews.reject({ reviewId: randomUUID(), expectedVersion: 1, reason: "not ours" }) },
  "opsOrders.search": { area: "ops", call: (c) => c.opsOrders.search({ q: "D999999", limit: 1 }) },
  "opsOrders.timeline": { area: "ops", call: (c) => c.opsOrders.timeline({ number: "D999999" }) },
  "opsOrders.cancel": { area: "ops", call: (c) => c.opsOrders.cancel({ number: "D999999", reason: "authorization matrix" }) },
  "opsOrders.overrideStatus": { area: "ops", call: (c) => c.opsOrders.overrideStatus({ number: "D999999", to: "delivered", reason: "authorization matrix" }) },
  "shipping.simulateTracking": {
    area: "shippingSupervisor",
    call: (c) => c.shipping.simulateTracking({ shipmentId: randomUUID(), type: "delivered" }),
    warehouse: { shipmentId: { foreign: (o) => o.east.readyShipmentId, call: (c, shipmentId) => c.shipping.simulateTracking({ shipmentId, type: "delivered" }) } },
  },
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

const sessionFor = (role: Role) => demoSession(handle.db, role);

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

/** The areas a picker, packer or warehouse manager may call: their procedures must say how they keep to the caller's warehouse. */
const warehouseAreas = (Object.keys(access) as Access[]).filter((area) => (["picker", "packer", "warehouse_manager"] as const).some((role) => allowed(role, area)));

type Schema = { _zod: { def: { type: string; shape?: Record<string, Schema>; options?: readonly Schema[]; innerType?: Schema; in?: Schema; out?: Schema; element?: Schema; left?: Schema; right?: Schema } } };

/** Every field name anywhere in an input schema (objects, unions, optional/default wrappers, pipes, arrays). */
function fieldNames(schema: Schema): string[] {
  const def = schema._zod.def;
  const children = [...Object.values(def.shape ?? {}), ...(def.options ?? []), def.innerType, def.in, def.out, def.element, def.left, def.right].filter((c): c is Schema => c !== undefined);
  return [...Object.keys(def.shape ?? {}), ...children.flatMap(fieldNames)];
}

/** Input fields that name an object: `…Id`, `id`, `ids`, `code`, `trackingNumber`, `number`. */
function idLikeInputs(path: string): string[] {
  const procedure = (appRouter._def.procedures as unknown as Record<string, { _def: { inputs: Schema[] } }>)[path]!;
  const names = procedure._def.inputs.flatMap(fieldNames).filter((name) => /^(ids?|code|trackingNumber|number)$|Ids?$/.test(name));
  return [...new Set(names)].sort();
}

const probesOf = (scoping: WarehouseScoping | undefined): [string, ScopeProbe][] =>
  scoping && scoping !== ownWarehouseOnly ? Object.entries(scoping).filter((entry): entry is [string, ScopeProbe] => "foreign" in entry[1]) : [];

type Answer = { code: string; message?: string; details?: unknown };

/** What a caller learns from a call, with the id it sent written as <ref> so two ids' answers compare. */
async function answerOf(call: Promise<unknown>, ref: string): Promise<Answer> {
  const answer: Answer = await call.then(
    () => ({ code: "OK" }),
    (e: unknown) =>
      e instanceof TRPCError ? { code: e.code, message: e.message, details: isDomainError(e.cause) ? e.cause.details : undefined } : { code: "other", message: String(e) },
  );
  return JSON.parse(JSON.stringify(answer).replaceAll(ref, "<ref>")) as Answer;
}

describe("warehouse scope (SEC-P1-02)", () => {
  let objects: WarehouseObjects;
  /** WEST staff of every warehouse role: the seed's picker and manager, and a packer made here. */
  let westStaff: SessionUser[];

  beforeAll(async () => {
    setFlushNotifier(undefined);
    setSandboxTrackingTransport(async () => new Response(null, { status: 202 }));
    objects = await eastAndWestObjects(handle.db);
    const email = `packer.west.${randomUUID().slice(0, 8)}@depot.test`;
    const [packer] = await handle.db.insert(users).values({ email, name: "West Test Packer", passwordHash: "not-a-login", role: "packer", warehouseId: objects.west.warehouseId }).returning();
    westStaff = [
      (await authenticate(handle.db, "picker.west@depot.test", "depot-demo"))!,
      { id: packer!.id, email, name: packer!.name, role: "packer", warehouseId: objects.west.warehouseId },
      (await authenticate(handle.db, "manager.west@depot.test", "depot-demo"))!,
    ];
  });
  afterAll(() => {
    setSandboxTrackingTransport(undefined);
    setFlushNotifier(null);
  });

  it("every procedure open to warehouse staff declares how each of its id-like inputs keeps to the caller's warehouse", () => {
    expect([...warehouseAreas].sort()).toEqual(["packer", "picker", "shipping", "shippingSupervisor", "staff", "warehouseManager"]);
    // The schema walk sees through unions and wrappers.
    expect(idLikeInputs("shipping.ship")).toEqual(["fulfillmentId", "trackingNumber"]);
    expect(idLikeInputs("picking.resolveShortPick")).toEqual(["lineId", "warehouseId"]);
    for (const [path, row] of Object.entries(matrix)) {
      if (row.warehouse === undefined && !warehouseAreas.includes(row.area as Access)) continue;
      const declared = row.warehouse === undefined ? "nothing declared" : row.warehouse === ownWarehouseOnly ? [] : Object.keys(row.warehouse).sort();
      expect({ path, declared }).toEqual({ path, declared: idLikeInputs(path) });
    }
  });

  for (const [path, row] of Object.entries(matrix)) {
    for (const [field, probe] of probesOf(row.warehouse)) {
      it(`${path} answers WEST staff an EAST ${field} exactly as a ${field} that does not exist (NOT_FOUND), and changes nothing`, async () => {
        const callers = westStaff.filter((u) => mayCall(row.area, u.role));
        expect(callers.length).toBeGreaterThan(0);
        const before = await stateOf(handle.db, objects);
        for (const user of callers) {
          const { caller } = testBrowser(user);
          const foreign = probe.foreign(objects);
          const missing = probe.missing ?? randomUUID();
          const answer = await answerOf(probe.call(caller, foreign, objects), foreign);
          expect({ role: user.role, code: answer.code }).toEqual({ role: user.role, code: "NOT_FOUND" });
          expect(answer).toEqual(await answerOf(probe.call(caller, missing, objects), missing));
        }
        expect(await stateOf(handle.db, objects)).toEqual(before);
      });
    }
  }

  it("lists show WEST staff none of EAST's picklists, parcels or orders", async () => {
    const e = objects.east;
    const eastValues = [e.warehouseId, e.picklistId, e.lineId, e.packingFulfillmentId, e.packingOrderNumber, e.waitingShipmentId, e.readyShipmentId, e.trackingNumber, ...e.fulfillmentIds];
    for (const [path, row] of Object.entries(matrix).filter(([, r]) => r.warehouse === ownWarehouseOnly)) {
      for (const user of westStaff.filter((u) => mayCall(row.area, u.role))) {
        const json = JSON.stringify(await row.call(testBrowser(user).caller));
        expect({ path, role: user.role, leaked: eastValues.filter((v) => json.includes(v)) }).toEqual({ path, role: user.role, leaked: [] });
      }
    }
  });

  // Last: it changes the EAST objects. Without it a probe naming no real object would pass.
  it("the probes name real EAST objects: an admin, who sees every warehouse, gets another answer than for an id that does not exist", async () => {
    const { caller } = testBrowser(await sessionFor("admin"));
    for (const [path, row] of Object.entries(matrix)) {
      for (const [field, probe] of probesOf(row.warehouse)) {
        const foreign = probe.foreign(objects);
        const missing = probe.missing ?? randomUUID();
        const [real, none] = [await answerOf(probe.call(caller, foreign, objects), foreign), await answerOf(probe.call(caller, missing, objects), missing)];
        expect({ path, field, same: real.code === none.code && real.message === none.message }).toEqual({ path, field, same: false });
      }
    }
  });
});

describe("sign-in", () => {
  it("accepts the right password, any email case, and refuses the rest", async () => {
    expect(await authenticate(handle.db, "ALICE@example.com", "depot-demo")).toMatchObject({ role: "customer", warehouseId: null });
    expect(await authenticate(handle.db, "alice@example.com", "wrong-password")).toBeNull();
    expect(await authenticate(handle.db, "nobody@example.com", "depot-demo")).toBeNull();
  });
});
