import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, picklistLines, products, shipments } from "@/db/schema";
import { createTestBins, createTestProduct, placeInBin, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { DomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { confirmPick } from "@/server/picking/pick";
import { startPicklist } from "@/server/picking/picklists";
import { releaseWave } from "@/server/picking/waves";
import { closeBoxAndLabel } from "@/server/shipping/pack-close";
import { openForPacking, packView, recordQc, scanPackItem } from "./packing";
import { confirmedOrder } from "./testing";

const handle = testDb(8);
const db = handle.db;
let manager: SessionUser;
let picker: SessionUser;
let packer: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  const sign = async (email: string) => (await authenticate(db, email, "depot-demo"))!;
  [manager, picker, packer] = await Promise.all([sign("manager.east@depot.test"), sign("picker.east@depot.test"), sign("packer.east@depot.test")]);
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** An order of `quantity` units of a fresh product (400 g each), picked and waiting at the pack station. */
async function pickedOrder(quantity: number, options: { requiresQc?: boolean; recipient?: string } = {}) {
  const [bin] = await createTestBins(db, "EAST", 1);
  const product = await createTestProduct(db, { stock: { EAST: 20 } });
  await db.update(products).set({ weightGrams: 400, requiresQc: options.requiresQc ?? false }).where(eq(products.id, product.id));
  await placeInBin(db, product.id, bin!);
  const { order } = await confirmedOrder(db, [{ sku: product.sku, quantity }], { recipient: options.recipient });
  const wave = await transaction((tx) => releaseWave(tx, manager.warehouseId!, { maxOrders: 5, maxUnits: 50, maxPicklists: 1, zone: bin!.zone }, { userId: manager.id }), db);
  const picklistId = wave.picklists[0]!.picklistId;
  await transaction((tx) => startPicklist(tx, picklistId, picker), db);
  const [line] = await db.select().from(picklistLines).where(eq(picklistLines.picklistId, picklistId)).orderBy(asc(picklistLines.walkSequence));
  await transaction((tx) => confirmPick(tx, { lineId: line!.id, scanId: randomUUID(), binCode: bin!.code, sku: product.sku, quantity }, picker), db);
  return { order, product, fulfillmentId: line!.fulfillmentId };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const open = (number: string) => transaction((tx) => openForPacking(tx, number, packer), db);
const scan = (fulfillmentId: string, code: string) => transaction((tx) => scanPackItem(tx, { fulfillmentId, code }, packer), db);
const statusOf = async (id: string) => (await db.select().from(fulfillments).where(eq(fulfillments.id, id)))[0]!;

describe("pack station", () => {
  it("checks every item and the weight, then packs and labels the parcel", async () => {
    const { order, product, fulfillmentId } = await pickedOrder(2);
    expect(await open(order.number.toLowerCase())).toBe(fulfillmentId);
    expect(await statusOf(fulfillmentId)).toMatchObject({ status: "packing", packAttempts: 1 });

    expect((await refusal(scan(fulfillmentId, "NOT-IN-ORDER"))).details?.reason).toBe("wrong_item");
    await scan(fulfillmentId, product.sku);
    const view = await packView(db, fulfillmentId, packer);
    const close = (weightGrams: number, boxCode = view.suggestedBox.code) =>
      closeBoxAndLabel(db, { fulfillmentId, boxCode, weightGrams, expectedVersion: view.version }, packer);
    expect((await refusal(close(950))).details?.reason).toBe("items_missing");
    await scan(fulfillmentId, product.sku);
    expect((await refusal(scan(fulfillmentId, product.sku))).details?.reason).toBe("already_packed");

    // 2 × 400 g in a small box (150 g) = 950 g, ± 95 g.
    expect(view.suggestedBox.code).toBe("S");
    const heavy = await refusal(close(1_200));
    expect(heavy.message).toContain("weighs 1.20 kg");
    expect(heavy.details).toMatchObject({ reason: "weight_mismatch", expected: 950 });

    const packed = await close(990);
    expect(packed.label).toBe("labelled");
    expect(packed.trackingNumber).toBeTruthy();
    expect(await statusOf(fulfillmentId)).toMatchObject({ status: "ready" });
    const [shipment] = await db.select().from(shipments).where(eq(shipments.fulfillmentId, fulfillmentId));
    expect(shipment).toMatchObject({ status: "labelled", boxCode: "S", weightGrams: 990 });
    expect(shipment!.labelPdf!.subarray(0, 4).toString()).toBe("%PDF");
  });

  it("blocks shipping on a failed QC until a later pack passes it", async () => {
    const { order, product, fulfillmentId } = await pickedOrder(1, { requiresQc: true });
    await open(order.number);
    await scan(fulfillmentId, product.sku);
    const first = await packView(db, fulfillmentId, packer);
    expect(first.requiresQc).toBe(true);
    const close = (expectedVersion: number) => closeBoxAndLabel(db, { fulfillmentId, boxCode: "S", weightGrams: 550, expectedVersion }, packer);
    expect((await refusal(close(first.version))).details?.reason).toBe("qc_required");
    expect((await refusal(transaction((tx) => recordQc(tx, { fulfillmentId, result: "fail", notes: "" }, packer), db))).details?.reason).toBe("notes_required");

    await transaction((tx) => recordQc(tx, { fulfillmentId, result: "fail", notes: "scratched casing" }, packer), db);
    expect(await statusOf(fulfillmentId)).toMatchObject({ status: "pack_failed", attention: "QC failed: scratched casing" });
    expect((await refusal(close(first.version))).details?.reason).toBe("not_packing");

    await open(order.number);
    expect(await statusOf(fulfillmentId)).toMatchObject({ status: "packing", packAttempts: 2, attention: null });
    await scan(fulfillmentId, product.sku);
    await transaction((tx) => recordQc(tx, { fulfillmentId, result: "pass", notes: "replacement unit" }, packer), db);
    const again = await packView(db, fulfillmentId, packer);
    expect((await close(again.version)).label).toBe("labelled");
  });

  it("never lets a carrier outage block packing: the parcel waits in the manual queue (SHIP-P0-01)", async () => {
    const { order, product, fulfillmentId } = await pickedOrder(1, { recipient: "Outage Olga" });
    await open(order.number);
    await scan(fulfillmentId, product.sku);
    const view = await packView(db, fulfillmentId, packer);
    const packed = await closeBoxAndLabel(db, { fulfillmentId, boxCode: "S", weightGrams: 550, expectedVersion: view.version }, packer);
    expect(packed).toMatchObject({ label: "manual", trackingNumber: null });
    expect(packed.error).toMatch(/not answering/);
    expect(await statusOf(fulfillmentId)).toMatchObject({ status: "packed" });
  });

  it("refuses to pack an order that is not picked yet, or from another warehouse", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const { order } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    expect((await refusal(open(order.number))).message).toContain("hasn't been picked yet");
    const westPacker = { ...packer, warehouseId: (await authenticate(db, "picker.west@depot.test", "depot-demo"))!.warehouseId };
    expect((await refusal(transaction((tx) => openForPacking(tx, order.number, westPacker), db))).code).toBe("NOT_FOUND");
  });

  it("counts a pack scan once per scan id, however often or concurrently the handheld replays it (issue 12 item 6)", async () => {
    const { order, product, fulfillmentId } = await pickedOrder(3);
    await open(order.number);
    const scanId = randomUUID();
    const once = () => transaction((tx) => scanPackItem(tx, { fulfillmentId, code: product.sku, scanId }, packer), db);

    expect(await once()).toMatchObject({ packed: 1, replayed: false });
    expect(await once()).toMatchObject({ packed: 1, quantity: 3, replayed: true });
    // Replays racing on several connections still count once.
    const raced = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => transaction((tx) => scanPackItem(tx, { fulfillmentId, code: product.sku, scanId: raced }, packer), db)));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await packView(db, fulfillmentId, packer)).items[0]!.packed).toBe(2);

    // A refused scan leaves no claim: the same id counts once the refusal is fixed.
    const refusedId = randomUUID();
    expect((await refusal(transaction((tx) => scanPackItem(tx, { fulfillmentId, code: "NOT-IN-ORDER", scanId: refusedId }, packer), db))).details?.reason).toBe("wrong_item");
    expect(await transaction((tx) => scanPackItem(tx, { fulfillmentId, code: product.sku, scanId: refusedId }, packer), db)).toMatchObject({ packed: 3, replayed: false });
  });
});
