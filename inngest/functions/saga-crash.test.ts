import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedCompensations, fulfillments, opsAlerts, orders, payments, picklistLines, reservations, shipments } from "@/db/schema";
import { createTestBins, createTestProduct, placeInBin, stockInvariants, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { functions } from "@/inngest/functions";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { expireDueOrders } from "@/server/checkout/expire";
import { retryCompensation } from "@/server/ops/retry-compensation";
import { databaseUrl, env } from "@/server/env";
import { cancelFulfillments } from "@/server/fulfillment/status";
import { releaseReservations, reservationDrift } from "@/server/inventory/reservations";
import { reconcileSagas } from "@/server/ops/reconcile-sagas";
import { transitionOrder } from "@/server/orders/status";
import { setFlushNotifier } from "@/server/outbox/flush";
import { authorizeOrderPayment } from "@/server/payments/authorize";
import { captureDuePayments } from "@/server/payments/capture-due";
import { StripeGateway } from "@/server/payments/gateway";
import { StripeStub, type StubRequest } from "@/server/payments/gateway/stripe-stub";
import { handleStripeEvent } from "@/server/payments/webhooks";
import { reportShortPick } from "@/server/picking/pick";
import { startPicklist } from "@/server/picking/picklists";
import { resolveShortPick } from "@/server/picking/resolve";
import { releaseWave } from "@/server/picking/waves";
import { HttpCarrier } from "@/server/shipping/carrier";
import { ParcelHubStub, type ParcelHubStubRequest } from "@/server/shipping/carrier/http-carrier-stub";
import { reconcileCancelledShipments } from "@/server/shipping/cancel";
import { carrier, useCarrier } from "@/server/shipping/carrier-instance";
import { requestLabel } from "@/server/shipping/labels";
import { orderBeingPacked, pack } from "@/server/shipping/testing";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { crashPhases, crashPointSchema, type CrashPoint } from "./saga-crash.points";
import { declaredFunctions, type DeclaredStep } from "./saga-crash.steps";
import { tsxNodeArgs } from "@/scripts/lib/tsx-args";

/**
 * Crash tests (OR-P0-01, WH-P0-01, PAY-P0-02): the saga runs in a child process — the local
 * executor and the served functions, with the real Stripe client against a stub here — that
 * kills itself with SIGKILL at one named step of one order, once right before the step's body
 * runs and once right after its side effects are committed but before the executor records the
 * result. Then a new process starts (the restart), the backstop jobs run once as after any
 * restart, the provider's webhooks arrive, and the order must be consistent: its status, its
 * payment, its reservations and stock, one fulfillment per warehouse, each money movement and
 * label void done once under its idempotency key (`capture:<intent>`, `cancel-label:<shipment>`).
 * Payments go to a Stripe stub and labels to a ParcelHub stub in this process, which record the
 * keys.
 *
 * The crash points are not a hand-written list: they are every step of every function triggered
 * by an order/* or payment/* event (the order saga and its compensations), read from the source
 * of the functions the app serves (saga-crash.steps.ts). A new step with no scenario here to
 * reach it fails the first test: add a scenario (or point an existing one at it) in `reaches`.
 */
const handle = testDb(4);
const db = handle.db;
const stub = new StripeStub();
const carrierStub = new ParcelHubStub();
let gateway: StripeGateway;
let providerEnv: Record<string, string>;
const address = { name: "Crash Test", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };
const debug = Boolean(process.env.SAGA_CRASH_LOG);

// ---------------------------------------------------------------------------------------------
// The crash points, from the code.

const sagaEvent = /^(order|payment)\//;
/** Step tools whose result the executor records from a StepRun answer (the crash window exists). */
const crashableTools = new Set(["run", "sendEvent"]);

function sagaStepsFromCode() {
  const declared = declaredFunctions(import.meta.dirname);
  const steps: DeclaredStep[] = [];
  const problems: string[] = [];
  for (const fn of functions) {
    const opts: { triggers?: unknown; onFailure?: unknown } = fn.opts;
    const triggers: unknown[] = Array.isArray(opts.triggers) ? opts.triggers : [opts.triggers];
    const events = triggers.flatMap((t) => {
      if (!t || typeof t !== "object" || !("event" in t)) return [];
      // A name, or an eventType nested under `{ event, if }` (movedTo).
      const event = t.event;
      if (typeof event === "string") return [event];
      return event && typeof event === "object" && "name" in event && typeof event.name === "string" ? [event.name] : [];
    });
    if (!events.some((e) => sagaEvent.test(e))) continue;
    const ids = [fn.id(), ...(opts.onFailure ? [`${fn.id()}-failure`] : [])];
    for (const id of ids) {
      const source = declared.get(id);
      if (!source) {
        problems.push(`${id}: served, but no createFunction declares it in ${import.meta.dirname}`);
        continue;
      }
      problems.push(...source.problems.map((p) => `${id}: ${p}`));
      for (const step of source.steps) {
        // The same id in two branches is one step (Inngest memoizes it under one hashed id).
        if (steps.some((s) => s.functionId === step.functionId && s.stepId === step.stepId)) continue;
        if (crashableTools.has(step.tool)) steps.push(step);
        else problems.push(`${id}: ${step.where}: step.${step.tool}("${step.stepId}") — the crash test has no crash point for this kind of step yet`);
      }
    }
  }
  return { steps, problems };
}

// ---------------------------------------------------------------------------------------------
// Scenarios: each one brings an order to the point where the saga takes over (its events are in
// the outbox, not yet relayed), and says how that order must end, wherever the saga crashed.

type Ctx = { orderId: string; productId: string; intentId: string | null; cleanup?: () => Promise<void> };
type Expected = {
  order: "confirmed" | "processing" | "cancelled";
  payment: "captured" | "voided" | "failed" | "refunded" | "partially_refunded" | "none";
  reservations: "all confirmed" | "none live";
  fulfillments: "one per warehouse" | "one per warehouse, cancelled" | "none";
  captures: number;
  refunds: number;
  shipments: "none" | "cancelled, label voided once";
};
type Scenario = { title: string; seeds: string[]; setup: (host: SagaProcess) => Promise<Ctx>; expected: Expected };

const confirmedAndCaptured: Expected = {
  order: "confirmed",
  payment: "captured",
  reservations: "all confirmed",
  fulfillments: "one per warehouse",
  captures: 1,
  refunds: 0,
  shipments: "none",
};
/** Two units ordered, one found at the pick: that one is refunded, the other ships. */
const shortPickRefunded: Expected = { ...confirmedAndCaptured, order: "processing", payment: "partially_refunded", refunds: 1 };
const cancelledUnpaid = (payment: "voided" | "failed"): Expected => ({
  order: "cancelled",
  payment,
  reservations: "none live",
  fulfillments: "none",
  captures: 0,
  refunds: 0,
  shipments: "none",
});
/** A cash-on-delivery order cancelled with its parcel labelled at the dock. */
const cancelledAtTheDock: Expected = {
  order: "cancelled",
  payment: "none",
  reservations: "none live",
  fulfillments: "one per warehouse, cancelled",
  captures: 0,
  refunds: 0,
  shipments: "cancelled, label voided once",
};
/** Every request fails the way a provider refusing the call does (the stub answers 400). */
const providerRefuses = { kind: "status", status: 400, type: "invalid_request_error", code: "injected_failure" } as const;

const scenarios = {
  paid: {
    title: "card order paid",
    seeds: ["NEW-P0-002", "FUL-P0-01"],
    setup: async () => authorized(await placeOrder()),
    expected: confirmedAndCaptured,
  },
  latePayment: {
    title: "payment authorized for an order that expired meanwhile",
    seeds: ["WH-P0-02"],
    setup: async () => expire(await authorized(await placeOrder())),
    expected: cancelledUnpaid("voided"),
  },
  cancelledAfterCapture: {
    title: "customer cancels a captured order",
    seeds: ["OR-P1-04"],
    setup: async (host) => {
      const placed = await placeOrder();
      const ctx = await authorized(placed);
      // The saga confirms and captures, the provider says so, then the customer cancels.
      await sagaRuns(host);
      await providerWebhooks(ctx);
      await placed.guest.caller.orders.cancel({ number: placed.number });
      return ctx;
    },
    expected: { ...cancelledUnpaid("voided"), payment: "refunded", fulfillments: "one per warehouse, cancelled", captures: 1, refunds: 1 },
  },
  captureKeepsFailing: {
    title: "capture refused until the saga gives up",
    seeds: ["P0-2024-01"],
    setup: async () => {
      const ctx = await authorized(await placeOrder());
      stub.fail(providerRefuses, 100);
      return { ...ctx, cleanup: async () => clearStubFailures() };
    },
    expected: confirmedAndCaptured,
  },
  voidKeepsFailing: {
    title: "void refused until the saga gives up",
    seeds: ["P0-2024-01"],
    setup: async () => {
      const ctx = await expire(await authorized(await placeOrder()));
      stub.fail(providerRefuses, 100);
      return { ...ctx, cleanup: async () => clearStubFailures() };
    },
    expected: cancelledUnpaid("voided"),
  },
  shortPick: {
    title: "units of a captured order cancelled after a short pick",
    seeds: [],
    setup: async (host) => shortPicked(host, { captureRecorded: true }),
    expected: shortPickRefunded,
  },
  shortPickBeforeCapture: {
    title: "units cancelled before the capture is recorded: the refund waits until the saga gives up",
    seeds: ["P0-2024-01"],
    setup: async (host) => shortPicked(host, { captureRecorded: false }),
    expected: shortPickRefunded,
  },
  labelledThenCancelled: {
    title: "order cancelled with its parcel labelled at the dock",
    seeds: ["P1-2024-02"],
    setup: async () => labelledAndCancelled(),
    expected: cancelledAtTheDock,
  },
  labelVoidKeepsFailing: {
    title: "label void refused until the saga gives up",
    seeds: ["P1-2024-02", "P0-2024-01"],
    setup: async () => {
      const ctx = await labelledAndCancelled();
      carrierStub.fail({ kind: "status", status: 503, code: "unavailable", message: "injected outage" }, 500);
      return { ...ctx, cleanup: async () => clearStubFailures() };
    },
    expected: cancelledAtTheDock,
  },
} satisfies Record<string, Scenario>;
type ScenarioName = keyof typeof scenarios;

/** Which scenario reaches each saga step (`<function id>/<step id>`). */
const reaches: Record<string, ScenarioName> = {
  "order-confirm-on-payment/confirm-order": "paid",
  "order-confirm-on-payment/capture-payment": "paid",
  "order-confirm-on-payment/void-authorization": "latePayment",
  "order-confirm-on-payment/flag-for-ops": "latePayment",
  "order-confirm-on-payment-failure/record-failed-compensation": "captureKeepsFailing",
  "payment-settle-on-cancel/find-payment": "latePayment",
  "payment-settle-on-cancel/void-authorization": "latePayment",
  "payment-settle-on-cancel/refund-payment": "cancelledAfterCapture",
  "payment-settle-on-cancel-failure/record-failed-compensation": "voidKeepsFailing",
  "refund-cancelled-units/refund-units": "shortPick",
  "refund-cancelled-units-failure/record-failed-compensation": "shortPickBeforeCapture",
  "shipment-cancel-on-order-cancel/cancel-shipments": "labelledThenCancelled",
  "shipment-cancel-on-order-cancel/void-labels": "labelledThenCancelled",
  "shipment-cancel-on-order-cancel-failure/record-failed-compensation": "labelVoidKeepsFailing",
};

/**
 * Crash points the system does not recover from today: each must still fail exactly this way
 * (the suite stays green while the defect is open and says so in the test name), and the test
 * fails once the defect is fixed — then delete the entry.
 */
const knownDefects: Record<string, { defect: string; symptom: Partial<Record<keyof Expected, unknown>> }> = {};

const saga = sagaStepsFromCode();
const stepKey = (s: { functionId: string; stepId: string }) => `${s.functionId}/${s.stepId}`;
const pointKey = (p: { functionId: string; stepId: string; phase: string }) => `${stepKey(p)}/${p.phase}`;
const points = saga.steps.flatMap((step) => {
  const scenario = reaches[stepKey(step)];
  return scenario ? crashPhases.map((phase) => ({ ...step, phase, scenario })) : [];
});

// ---------------------------------------------------------------------------------------------
// Orders and the provider.

/**
 * A card order for two units of a product of its own. By default one unit is in each of two
 * warehouses: the order splits, so its saga creates two fulfillments.
 */
async function placeOrder(stock: { EAST?: number; CENTRAL?: number } = { EAST: 1, CENTRAL: 1 }, bin?: { id: string; warehouseId: string }) {
  const product = await createTestProduct(db, { price: "25.00", stock });
  if (bin) await placeInBin(db, product.id, bin);
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: product.sku, quantity: 2 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const { number } = await guest.caller.checkout.placeOrder({
    card: testCard,
    email: "crash@example.com",
    address,
    shippingMethod: "standard",
    paymentMethod: "card",
    codes: [],
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  return { orderId: order!.id, number, productId: product.id, guest };
}

async function authorized(placed: { orderId: string; productId: string }): Promise<Ctx> {
  const payment = await authorizeOrderPayment(db, gateway, { orderId: placed.orderId, paymentMethod: "pm_card_visa" });
  if (!payment.intentId) throw new Error(`no payment intent for order ${placed.orderId}: ${payment.status}`);
  return { orderId: placed.orderId, productId: placed.productId, intentId: payment.intentId };
}

/** The reservation lapses before the saga hears of the payment: the expiry job cancels the order. */
async function expire(ctx: Ctx): Promise<Ctx> {
  await db.update(orders).set({ reservationExpiresAt: sql`now() - interval '1 second'` }).where(eq(orders.id, ctx.orderId));
  await expireDueOrders(db, 50);
  return ctx;
}

/** The saga runs unarmed in the idle process until everything settles (a scenario's prehistory). */
async function sagaRuns(host: SagaProcess) {
  await host.command("START", "STARTED");
  await host.command("SETTLE", "SETTLED");
  await host.command("STOP", "STOPPED");
}

let staff: { manager: SessionUser; picker: SessionUser } | undefined;
async function eastStaff() {
  const sign = async (email: string) => (await authenticate(db, email, "depot-demo"))!;
  staff ??= { manager: await sign("manager.east@depot.test"), picker: await sign("picker.east@depot.test") };
  return staff;
}

/**
 * A paid order (two units, in a bin of a zone of its own) picked short: one unit found, the
 * manager cancels the other, which the order/units-cancelled event asks to refund.
 */
async function shortPicked(host: SagaProcess, options: { captureRecorded: boolean }): Promise<Ctx> {
  const [bin] = await createTestBins(db, "EAST", 1);
  const ctx = await authorized(await placeOrder({ EAST: 2 }, bin));
  await sagaRuns(host);
  if (options.captureRecorded) await providerWebhooks(ctx);
  const { manager, picker } = await eastStaff();
  const wave = await transaction((tx) => releaseWave(tx, bin!.warehouseId, { maxOrders: 1, maxUnits: 100, maxPicklists: 1, zone: bin!.zone }, { userId: manager.id }), db);
  const picklistId = wave.picklists[0]!.picklistId;
  await transaction((tx) => startPicklist(tx, picklistId, picker), db);
  const [line] = await db.select().from(picklistLines).where(eq(picklistLines.picklistId, picklistId));
  await transaction((tx) => reportShortPick(tx, { lineId: line!.id, scanId: randomUUID(), binCode: bin!.code, found: 1, reason: "damaged" }, picker), db);
  await transaction((tx) => resolveShortPick(tx, { lineId: line!.id, action: "cancel_units" }, manager), db);
  return ctx;
}

/**
 * A cash-on-delivery order packed with its label bought, then cancelled by ops: its fulfillment
 * cancelled and its stock released with the order, in one transaction (the console has no ops
 * cancel yet; this is the one shipping's own tests use).
 */
async function labelledAndCancelled(): Promise<Ctx> {
  const { order, fulfillments: [f], products } = await orderBeingPacked(db, ["EAST"]);
  const shipment = await pack(db, f!.id);
  const labelled = await requestLabel(db, shipment.id, "test");
  if (labelled.status !== "labelled") throw new Error(`no label for shipment ${shipment.id}: ${labelled.status}`);
  await transaction(async (tx) => {
    const [current] = await tx.select().from(fulfillments).where(eq(fulfillments.id, f!.id));
    await cancelFulfillments(tx, [current!], "order cancelled by ops", "test");
    await releaseReservations(tx, order.id, "released");
    await transitionOrder(tx, { orderId: order.id, to: "cancelled", reason: "cancelled by ops", actor: "test" });
  }, db);
  return { orderId: order.id, productId: products[0]!.id, intentId: null };
}

/** Requests the stubs answered before a reset, so nothing is lost from the record. */
const archived: StubRequest[] = [];
const carrierArchived: ParcelHubStubRequest[] = [];
const stubRequests = () => [...archived, ...stub.requests];
const carrierRequests = () => [...carrierArchived, ...carrierStub.requests];
/** Both providers healthy again (their queued failures dropped). */
function clearStubFailures() {
  archived.push(...stub.requests);
  stub.reset();
  carrierArchived.push(...carrierStub.requests);
  carrierStub.reset();
}

const webhookType: Record<string, string> = {
  requires_capture: "payment_intent.amount_capturable_updated",
  succeeded: "payment_intent.succeeded",
  canceled: "payment_intent.canceled",
  requires_payment_method: "payment_intent.payment_failed",
  processing: "payment_intent.processing",
};

/** The provider's webhooks for the intent's current state, through the production handler. */
async function providerWebhooks(ctx: Ctx) {
  if (!ctx.intentId) return;
  const intent = await gateway.retrieve(ctx.intentId);
  const type = webhookType[intent.status];
  if (!type) return;
  const object = { object: "payment_intent", id: ctx.intentId, metadata: { order_id: ctx.orderId } };
  await handleStripeEvent(db, gateway, { id: `evt_crash_${randomUUID()}`, type, data: { object } });
}

/**
 * What happens after a restart: the provider's webhooks (they arrive whatever our process did),
 * then the crons once each without their grace periods, then the webhooks again.
 */
async function backstops(ctx: Ctx) {
  await providerWebhooks(ctx);
  await reconcileSagas(db, gateway, { graceSeconds: 0 });
  await captureDuePayments(db, gateway, "on_confirm", { graceSeconds: 0 });
  await reconcileCancelledShipments(db, carrier(), { graceSeconds: 0 });
  await providerWebhooks(ctx);
  // The compensation retry cron, once the backoff of what the saga recorded has passed.
  const pending = await db
    .select({ id: failedCompensations.id })
    .from(failedCompensations)
    .where(and(eq(failedCompensations.orderId, ctx.orderId), eq(failedCompensations.status, "pending")));
  for (const row of pending) await retryCompensation(db, gateway, row.id, { force: true });
  await providerWebhooks(ctx);
}

/** The order as the checks see it, in the vocabulary of `Expected`. */
async function outcome(ctx: Ctx) {
  const [order] = await db.select().from(orders).where(eq(orders.id, ctx.orderId));
  const [payment] = await db.select().from(payments).where(eq(payments.orderId, ctx.orderId)).orderBy(desc(payments.attempt)).limit(1);
  const held = await db.select().from(reservations).where(eq(reservations.orderId, ctx.orderId));
  const ships = await db.select().from(fulfillments).where(eq(fulfillments.orderId, ctx.orderId));
  const warehouses = [...new Set(held.map((r) => r.warehouseId))].sort();
  const live = held.filter((r) => r.status === "active" || r.status === "confirmed");
  const requests = stubRequests();
  const intentPath = `/v1/payment_intents/${ctx.intentId}`;
  const refundKeys = new Set(requests.filter((r) => r.path === "/v1/refunds" && r.form.payment_intent === ctx.intentId).map((r) => r.idempotencyKey));
  const shipSites = ships.map((f) => f.warehouseId).sort();
  const parcels = await db.select().from(shipments).where(eq(shipments.orderId, ctx.orderId));
  const voidKeys = (trackingNumber: string | null) => [
    ...new Set(carrierRequests().filter((r) => r.path === `/v1/labels/${encodeURIComponent(trackingNumber ?? "")}/cancel`).map((r) => r.idempotencyKey)),
  ];
  return {
    order: order?.status,
    payment: payment?.status ?? "none",
    reservations:
      held.length > 0 && held.every((r) => r.status === "confirmed") ? "all confirmed" : live.length === 0 ? "none live" : `live: ${live.map((r) => r.status).join(", ")}`,
    fulfillments:
      ships.length === 0
        ? "none"
        : JSON.stringify(shipSites) !== JSON.stringify(warehouses)
          ? `${ships.length} fulfillments for ${warehouses.length} warehouses`
          : ships.every((f) => f.status === "cancelled")
            ? "one per warehouse, cancelled"
            : ships.every((f) => f.status !== "cancelled")
              ? "one per warehouse"
              : "one per warehouse, some cancelled",
    captures: ctx.intentId ? (stub.captures.get(ctx.intentId) ?? 0) : 0,
    refunds: refundKeys.size,
    shipments:
      parcels.length === 0
        ? "none"
        : parcels.every((p) => p.status === "cancelled" && p.lastError === null && JSON.stringify(voidKeys(p.trackingNumber)) === JSON.stringify([`cancel-label:${p.id}`]))
          ? "cancelled, label voided once"
          : parcels.map((p) => `${p.status} (${p.lastError ?? "no error"}; voided under ${JSON.stringify(voidKeys(p.trackingNumber))})`).join(", "),
    // Each money movement under its one key, however often it was sent.
    keys: {
      capture: [...new Set(requests.filter((r) => r.path === `${intentPath}/capture`).map((r) => r.idempotencyKey))],
      cancel: [...new Set(requests.filter((r) => r.path === `${intentPath}/cancel`).map((r) => r.idempotencyKey))],
      refund: [...refundKeys].filter((k) => !k?.startsWith(`refund:${ctx.intentId}:`)),
    },
    stock: (await stockInvariants(db, ctx.productId)).filter((s) => s.reserved !== s.live || s.reserved !== s.ledger_reserved || s.on_hand !== s.ledger_on_hand),
    pendingCompensations: (await db.select().from(failedCompensations).where(eq(failedCompensations.orderId, ctx.orderId))).filter((c) => c.status !== "resolved").length,
    duplicateAlerts: (await db.select().from(opsAlerts).where(eq(opsAlerts.orderId, ctx.orderId)))
      .map((a) => a.kind)
      .filter((kind, i, all) => all.indexOf(kind) !== i),
  };
}

function wanted(ctx: Ctx, expected: Expected) {
  return {
    ...expected,
    keys: {
      capture: expected.captures > 0 ? [`capture:${ctx.intentId}`] : [],
      cancel: expected.payment === "voided" ? [`cancel:${ctx.intentId}`] : [],
      refund: [],
    },
    stock: [],
    pendingCompensations: 0,
    duplicateAlerts: [],
  };
}

// ---------------------------------------------------------------------------------------------
// The saga process (saga-crash.fixture.ts).

const fixture = path.join(import.meta.dirname, "saga-crash.fixture.ts");

/** The child's executor listens where the app's Inngest client sends events: this run's port. */
function executorPort(): string {
  const settings = env().inngest;
  if (settings.kind !== "embedded") throw new Error("the saga crash test needs the embedded local executor (no Inngest keys)");
  return new URL(settings.localUrl).port;
}

class SagaProcess {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private wake: (() => void) | undefined;
  private ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resolves once the process has exited and everything it wrote has been read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor() {
    this.child = spawn(process.execPath, [...tsxNodeArgs, fixture], {
      env: {
        ...process.env,
        ...providerEnv,
        DATABASE_URL: databaseUrl(),
        INNGEST_LOCAL_PORT: executorPort(),
        LOG_LEVEL: debug ? "info" : "silent",
      },
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.child.stdin!.on("error", () => {});
    const output = createInterface({ input: this.child.stdout! });
    output.on("line", (line) => {
      if (debug) console.warn(`[saga ${this.child.pid}]`, line.slice(0, 300));
      if (!line.startsWith("@@ ")) return;
      this.lines.push(line.slice(3));
      this.notify();
    });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
    const drained = new Promise<void>((resolve) => output.once("close", resolve));
    this.exited = Promise.all([exit, drained]).then(([ended]) => {
      this.ended = ended;
      this.notify();
      return ended;
    });
  }

  get pid() {
    return this.child.pid;
  }

  /** The next line it writes; fails if it exits first or stays silent for `timeoutMs`. */
  async next(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.ended) throw new Error(`saga process ${this.pid} exited (${this.ended.signal ?? this.ended.code}) without answering`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`saga process ${this.pid} silent for ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  send(line: string) {
    this.child.stdin!.write(`${line}\n`);
  }

  async command(line: string, expected: string, timeoutMs = 60_000) {
    this.send(line);
    const answer = await this.next(timeoutMs);
    if (answer !== expected) throw new Error(`saga process ${this.pid} answered "${answer}" to ${line.split(" ")[0]}`);
  }

  async kill() {
    this.killNow();
    await this.exited;
  }

  killNow() {
    if (!this.ended && this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }

  private notify() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

const spawned = new Set<SagaProcess>();
/** The next processes, already loading while the current one works (loading takes seconds). */
const standby: Promise<SagaProcess>[] = [];
const standbyDepth = 2;
/** A loaded process whose executor is stopped, ready for the next scenario. */
let idle: SagaProcess | undefined;

/** One process per crash point plus the first one: loading more would only burn CPU. */
const processesNeeded = points.length + 1;

function boot(): Promise<SagaProcess> {
  const saga = new SagaProcess();
  spawned.add(saga);
  const ready = saga.next(120_000).then((line) => {
    if (line !== "LOADED") throw new Error(`saga process ${saga.pid} said "${line}" instead of LOADED`);
    return saga;
  });
  ready.catch(() => {});
  return ready;
}

/** A freshly started process (the restart), with the ones after it already loading. */
function freshProcess(): Promise<SagaProcess> {
  const next = standby.shift() ?? boot();
  loadAhead();
  return next;
}

function loadAhead() {
  while (standby.length < standbyDepth && spawned.size < processesNeeded) standby.push(boot());
}

beforeAll(async () => {
  setFlushNotifier(undefined);
  const port = await stub.start();
  const carrierUrl = await carrierStub.start();
  providerEnv = {
    STRIPE_SECRET_KEY: "sk_test_crash",
    STRIPE_API_HOST: "127.0.0.1",
    STRIPE_API_PORT: String(port),
    STRIPE_API_PROTOCOL: "http",
    CARRIER: "parcelhub",
    CARRIER_API_URL: carrierUrl,
    CARRIER_API_KEY: carrierStub.apiKey,
  };
  gateway = new StripeGateway({ secretKey: "sk_test_crash", host: "127.0.0.1", port, protocol: "http", timeoutMs: 3000 });
  useCarrier(new HttpCarrier({ baseUrl: carrierUrl, apiKey: carrierStub.apiKey }));
  loadAhead();
});
afterAll(async () => {
  await Promise.all([...spawned].map((s) => s.kill()));
  setFlushNotifier(null);
  useCarrier(undefined);
  await carrierStub.stop();
  await stub.stop();
  await handle.close();
});
// Never leave a saga process behind, even if the test process is torn down.
process.once("exit", () => {
  for (const s of spawned) s.killNow();
});

/**
 * One crash point: the scenario's order, a saga process armed to die at the point, the restart,
 * the backstops, the checks.
 */
async function crashAndRecover(point: (typeof points)[number]) {
  const scenario: Scenario = scenarios[point.scenario];
  const t0 = Date.now();
  const lap = (what: string) => debug && console.warn(`[saga-crash] ${pointKey(point)}: ${what} after ${Date.now() - t0} ms`);
  let saga = idle ?? (await freshProcess());
  lap("host");
  idle = undefined;
  let ctx: Ctx | undefined;
  try {
    ctx = await scenario.setup(saga);
    lap("setup");
    const crashPoint: CrashPoint = { functionId: point.functionId, stepId: point.stepId, phase: point.phase, orderId: ctx.orderId };
    await saga.command(`START ${JSON.stringify(crashPoint)}`, "STARTED");
    saga.send("SETTLE");
    const line = await saga.next(60_000);
    expect(line, "the saga ran to its end without reaching the crash point").toMatch(/^CRASH /);
    expect(crashPointSchema.parse(JSON.parse(line.slice("CRASH ".length)))).toEqual(crashPoint);
    expect((await saga.exited).signal).toBe("SIGKILL");
    lap("crashed");
    await ctx.cleanup?.();
    ctx.cleanup = undefined;

    // The restart: a new process, executor and functions, then the backstops as after any restart.
    saga = await freshProcess();
    lap("restarted");
    await saga.command("START", "STARTED");
    lap("started");
    await saga.command("SETTLE", "SETTLED");
    lap("settled");
    await backstops(ctx);
    lap("backstops");
    await saga.command("SETTLE", "SETTLED");
    lap("settled2");
    await saga.command("STOP", "STOPPED");
    lap("stopped");
    idle = saga;
  } finally {
    await ctx?.cleanup?.();
    if (idle !== saga) await saga.kill();
  }
  const got = await outcome(ctx);
  const known = knownDefects[pointKey(point)];
  if (known) {
    expect(got, `known defect (${known.defect}) no longer shows: delete it from knownDefects`).toMatchObject(known.symptom);
    expect(got).not.toEqual(wanted(ctx, scenario.expected));
  } else {
    expect(got).toEqual(wanted(ctx, scenario.expected));
  }
  // Other test files may leave drift on products of their own (the ops tests make some on purpose).
  expect(Array.from(await reservationDrift(db)).filter((d) => d.product_id === ctx.productId)).toEqual([]);
}

const phaseTitle = { before: "killed right before the step runs", after: "killed after the step's effects, before its result is recorded" } as const;

describe("saga crash recovery: SIGKILL at each saga step, then restart (OR-P0-01, WH-P0-01, PAY-P0-02)", () => {
  it("takes its crash points from the code: every step of every saga function, each reached by a scenario", () => {
    expect(saga.problems).toEqual([]);
    const declared = saga.steps.map(stepKey);
    expect(declared.filter((key) => !(key in reaches)), "saga steps no scenario reaches: add one to `reaches`").toEqual([]);
    expect(Object.keys(reaches).filter((key) => !declared.includes(key)), "`reaches` names steps the saga no longer has").toEqual([]);
    expect(Object.keys(knownDefects).filter((key) => !points.some((p) => pointKey(p) === key)), "`knownDefects` names crash points that do not exist").toEqual([]);
    expect(points).toHaveLength(crashPhases.length * declared.length);
  });

  for (const point of points) {
    const scenario = scenarios[point.scenario];
    const seeds = scenario.seeds.length > 0 ? ` (${scenario.seeds.join(", ")})` : "";
    const known = knownDefects[pointKey(point)];
    const title = `${point.functionId} › ${point.stepId}: ${phaseTitle[point.phase]} — ${scenario.title}${seeds}`;
    it(known ? `KNOWN DEFECT (${known.defect}): ${title}` : title, { timeout: 120_000 }, async () => {
      await crashAndRecover(point);
    });
  }
});
