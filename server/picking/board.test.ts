import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { picklistLines } from "@/db/schema";
import { createTestBins, createTestProduct, placeInBin, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { warehouseScope } from "@/server/auth/roles";
import { setFlushNotifier } from "@/server/outbox/flush";
import { reportShortPick } from "@/server/picking/pick";
import { startPicklist } from "@/server/picking/picklists";
import { releaseWave } from "@/server/picking/waves";
import { managerBoard, type ManagerBoard } from "./board";
import { confirmedOrder } from "@/server/fulfillment/testing";

const handle = testDb(4);
const db = handle.db;
let manager: SessionUser;
let picker: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  manager = (await authenticate(db, "manager.east@depot.test", "depot-demo"))!;
  picker = (await authenticate(db, "picker.east@depot.test", "depot-demo"))!;
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** Every figure that summarises a list on the board equals the count of that list. */
function expectFiguresMatchLists(board: ManagerBoard) {
  expect(board.figures).toMatchObject({
    picking: board.picklists.filter((p) => p.status === "in_progress").length,
    openPicklists: board.picklists.filter((p) => p.status === "open").length,
    shortPicks: board.shortPicks.length,
    slaBreaches: board.slaBreaches.length,
    manualQueue: board.manualQueue.length,
    waitingToPick: board.counts.pending ?? 0,
  });
}

describe("the manager board (issue 12 item 11)", () => {
  it("issue 12 item 11: counts Picking only for picklists a picker started, and its figures equal the counts of its own lists for a mix", async () => {
    const bins = await createTestBins(db, "EAST", 5);
    const made: string[] = [];
    for (const bin of bins) {
      const product = await createTestProduct(db, { stock: { EAST: 10 } });
      await placeInBin(db, product.id, bin);
      await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
      made.push(product.sku);
    }
    const board = () => managerBoard(db, warehouseScope(manager));
    const before = await board();
    expectFiguresMatchLists(before);

    // Three picklists of two, two and one orders: planned on open picklists, nobody picking yet.
    const wave = await transaction((tx) => releaseWave(tx, manager.warehouseId!, { maxOrders: 2, maxUnits: 20, maxPicklists: 10, zone: bins[0]!.zone }, { userId: manager.id }), db);
    expect(wave.picklists).toHaveLength(3);
    const released = await board();
    expectFiguresMatchLists(released);
    expect(released.figures.picking).toBe(before.figures.picking);
    expect(released.figures.openPicklists).toBe(before.figures.openPicklists + 3);
    expect(released.figures.waitingToPick).toBe(before.figures.waitingToPick - 5);

    // A picker starts one and reports a short pick on it: one picklist picking, one short pick.
    const started = wave.picklists[0]!.picklistId;
    await transaction((tx) => startPicklist(tx, started, picker), db);
    const [line] = await db.select().from(picklistLines).where(eq(picklistLines.picklistId, started)).orderBy(asc(picklistLines.walkSequence)).limit(1);
    const bin = bins.find((b) => b.id === line!.locationId)!;
    await transaction((tx) => reportShortPick(tx, { lineId: line!.id, scanId: randomUUID(), binCode: bin.code, found: 0, reason: "not_found" }, picker), db);

    const after = await board();
    expectFiguresMatchLists(after);
    expect(after.figures.picking).toBe(before.figures.picking + 1);
    expect(after.figures.openPicklists).toBe(before.figures.openPicklists + 2);
    expect(after.figures.shortPicks).toBe(before.figures.shortPicks + 1);
    expect(after.picklists.find((p) => p.id === started)).toMatchObject({ status: "in_progress", assigneeId: picker.id });
  });
});
