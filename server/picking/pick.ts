import { and, eq, sql } from "drizzle-orm";
import type { ShortPickReason } from "@/server/vocabulary/picking";
import type { DbOrTx, Tx } from "@/db/client";
import { fulfillments, pickConfirmations, picklistLines, picklists, products, warehouseLocations, type PicklistLine } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { warehouseScope, type WarehouseScope } from "@/server/auth";
import { transitionFulfillment } from "@/server/fulfillment";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";
import { closeWaveIfDone, lockPicklist } from "./picklists";

/** Scanners send what is printed on the label; people type in lower case and add spaces. */
export const normalizeScan = (code: string) => code.trim().toUpperCase();

type LineContext = { line: PicklistLine; binCode: string; sku: string; productName: string };

/**
 * A line of a picklist in the scope's warehouses. Another warehouse's line is "not found", like
 * one that does not exist, so its id reveals nothing (SEC-P1-02).
 */
async function lineContext(db: DbOrTx, lineId: string, scope: WarehouseScope, lock: boolean): Promise<LineContext> {
  const query = db
    .select({ line: picklistLines, binCode: warehouseLocations.code, sku: products.sku, productName: products.name })
    .from(picklistLines)
    .innerJoin(picklists, eq(picklists.id, picklistLines.picklistId))
    .innerJoin(warehouseLocations, eq(warehouseLocations.id, picklistLines.locationId))
    .innerJoin(products, eq(products.id, picklistLines.productId))
    .where(and(eq(picklistLines.id, lineId), scope.kind === "one" ? eq(picklists.warehouseId, scope.warehouseId) : undefined));
  const [row] = lock ? await query.for("update", { of: picklistLines }) : await query;
  if (!row) throw new DomainError("NOT_FOUND", "Pick line not found.");
  return row;
}

function assertBin(ctx: LineContext, scanned: string) {
  if (normalizeScan(scanned) !== ctx.binCode) {
    throw new DomainError("INVALID_INPUT", `Wrong bin: you scanned ${normalizeScan(scanned)}. Go to bin ${ctx.binCode}.`, { reason: "wrong_bin", expected: ctx.binCode });
  }
}

function assertItem(ctx: LineContext, scanned: string) {
  if (normalizeScan(scanned) !== ctx.sku) {
    throw new DomainError("INVALID_INPUT", `Wrong item: you scanned ${normalizeScan(scanned)}. This line is ${ctx.sku} (${ctx.productName}).`, {
      reason: "wrong_item",
      expected: ctx.sku,
    });
  }
}

/**
 * Locks the line (of the scope's warehouses) first: concurrent confirmations of one line queue
 * here, so the replay check that follows sees a confirmation committed by the one before
 * (P1-2024-06).
 */
export function lockedLine(tx: Tx, lineId: string, scope: WarehouseScope): Promise<LineContext> {
  return lineContext(tx, lineId, scope, true);
}

async function workablePicklist(tx: Tx, ctx: LineContext, user: SessionUser) {
  const list = await lockPicklist(tx, ctx.line.picklistId, user);
  if (list.assigneeId !== user.id && user.role === "picker") throw new DomainError("FORBIDDEN", `Picklist ${list.number} is assigned to someone else.`, { reason: "not_your_picklist" });
  if (list.status !== "in_progress") throw new DomainError("PRECONDITION_FAILED", `Start picklist ${list.number} before picking.`, { reason: "picklist_not_started" });
  return list;
}

/** Checks one scan against a line without changing anything: the handheld refuses a wrong bin or item at once. */
export async function checkScan(db: DbOrTx, input: { lineId: string; kind: "bin" | "item"; code: string }, scope: WarehouseScope): Promise<{ ok: true }> {
  const ctx = await lineContext(db, input.lineId, scope, false);
  if (input.kind === "bin") assertBin(ctx, input.code);
  else assertItem(ctx, input.code);
  return { ok: true };
}

export type PickResult = { line: PicklistLine; picklistStatus: string; replayed: boolean };

/**
 * Confirms picked units of a line. The bin and item scans are checked again here (the server
 * decides, not the handheld). `scanId` makes the confirmation idempotent: a retried or doubled
 * request returns the line as it is (P1-2024-06). Line, fulfillment, picklist and wave change in
 * one transaction (004 P1-2).
 */
export async function confirmPick(
  tx: Tx,
  input: { lineId: string; scanId: string; binCode: string; sku: string; quantity: number },
  user: SessionUser,
): Promise<PickResult> {
  const ctx = await lockedLine(tx, input.lineId, warehouseScope(user));
  const replay = await replayed(tx, input.scanId, input.lineId);
  if (replay) return replay;
  const list = await workablePicklist(tx, ctx, user);
  assertBin(ctx, input.binCode);
  assertItem(ctx, input.sku);
  const { line } = ctx;
  if (line.status !== "pending") throw new DomainError("PRECONDITION_FAILED", `This line is already ${line.status}.`, { reason: "line_done" });
  const remaining = line.quantity - line.pickedQuantity;
  if (input.quantity < 1 || input.quantity > remaining) {
    throw new DomainError("INVALID_INPUT", `Pick between 1 and ${remaining} of ${ctx.sku} here; report a short pick if there are fewer.`, { reason: "bad_quantity" });
  }
  await tx.insert(pickConfirmations).values({ id: input.scanId, lineId: line.id, quantity: input.quantity, pickedBy: user.id });
  const picked = line.pickedQuantity + input.quantity;
  const [updated] = await tx
    .update(picklistLines)
    .set({ pickedQuantity: picked, status: picked === line.quantity ? "picked" : "pending", pickedBy: user.id, pickedAt: sql`now()` })
    .where(eq(picklistLines.id, line.id))
    .returning();
  await auditLine(tx, user, "pick.confirm", list, ctx, `${input.quantity} × ${ctx.sku} from ${ctx.binCode}`, { quantity: input.quantity, scanId: input.scanId });
  return afterLineChange(tx, updated!, list.number, user, null);
}

/**
 * Fewer units in the bin than the line needs: the line is closed short with a reason and the
 * fulfillment goes to pick_failed, flagged for the manager (re-pick elsewhere, or cancel the
 * missing units with a refund).
 */
export async function reportShortPick(
  tx: Tx,
  input: { lineId: string; scanId: string; binCode: string; found: number; reason: ShortPickReason },
  user: SessionUser,
): Promise<PickResult> {
  const ctx = await lockedLine(tx, input.lineId, warehouseScope(user));
  const replay = await replayed(tx, input.scanId, input.lineId);
  if (replay) return replay;
  const list = await workablePicklist(tx, ctx, user);
  assertBin(ctx, input.binCode);
  const { line } = ctx;
  if (line.status !== "pending") throw new DomainError("PRECONDITION_FAILED", `This line is already ${line.status}.`, { reason: "line_done" });
  const remaining = line.quantity - line.pickedQuantity;
  if (input.found < 0 || input.found >= remaining) {
    throw new DomainError("INVALID_INPUT", `A short pick means fewer than ${remaining} found; enter 0 to ${remaining - 1}.`, { reason: "bad_quantity" });
  }
  await tx.insert(pickConfirmations).values({ id: input.scanId, lineId: line.id, quantity: input.found, pickedBy: user.id });
  const [updated] = await tx
    .update(picklistLines)
    .set({ pickedQuantity: line.pickedQuantity + input.found, status: "short", shortReason: input.reason, pickedBy: user.id, pickedAt: sql`now()` })
    .where(eq(picklistLines.id, line.id))
    .returning();
  const missing = remaining - input.found;
  await auditLine(tx, user, "pick.short", list, ctx, `${missing} × ${ctx.sku} missing at ${ctx.binCode} (${input.reason.replaceAll("_", " ")})`, {
    found: input.found,
    missing,
    shortReason: input.reason,
    scanId: input.scanId,
  });
  return afterLineChange(tx, updated!, list.number, user, `Short pick: ${missing} × ${ctx.sku} missing at ${ctx.binCode} (${input.reason.replaceAll("_", " ")}).`);
}

/** A picker's scan on a line, audited as picklist P10001 · the SKU, on the line's order. */
async function auditLine(tx: Tx, user: SessionUser, action: string, list: { id: string; number: string }, ctx: LineContext, reason: string, details: Record<string, unknown>) {
  const [fulfillment] = await tx.select({ orderId: fulfillments.orderId }).from(fulfillments).where(eq(fulfillments.id, ctx.line.fulfillmentId));
  await recordAudit(tx, user, {
    action,
    targetType: "picklist",
    targetId: list.id,
    targetLabel: `${list.number} · ${ctx.sku}`,
    orderId: fulfillment?.orderId ?? null,
    reason,
    details: { lineId: ctx.line.id, sku: ctx.sku, bin: ctx.binCode, ...details },
  });
}

async function replayed(tx: Tx, scanId: string, lineId: string): Promise<PickResult | undefined> {
  const [seen] = await tx.select().from(pickConfirmations).where(eq(pickConfirmations.id, scanId));
  if (!seen) return undefined;
  if (seen.lineId !== lineId) throw new DomainError("CONFLICT", "This scan id was already used for another line.", { reason: "scan_id_reused" });
  const [line] = await tx.select().from(picklistLines).where(eq(picklistLines.id, lineId));
  const [list] = await tx.select({ status: picklists.status }).from(picklists).where(eq(picklists.id, line!.picklistId));
  return { line: line!, picklistStatus: list!.status, replayed: true };
}

/** Carries a line change up to its fulfillment, picklist and wave. */
async function afterLineChange(tx: Tx, line: PicklistLine, picklistNumber: string, user: SessionUser, shortNote: string | null): Promise<PickResult> {
  const actor = `user:${user.id}`;
  await emit(tx, {
    name: "picklist/line-confirmed",
    aggregateId: line.picklistId,
    payload: {
      picklistId: line.picklistId,
      lineId: line.id,
      fulfillmentId: line.fulfillmentId,
      productId: line.productId,
      pickedQuantity: line.pickedQuantity,
      status: line.status,
      shortReason: line.shortReason,
      actor,
    },
  });
  if (shortNote) {
    await transitionFulfillment(tx, line.fulfillmentId, { to: "pick_failed", reason: shortNote, actor, set: { attention: shortNote } });
  } else {
    await completeFulfillmentIfPicked(tx, line.fulfillmentId, `picklist ${picklistNumber}`, actor);
  }
  const status = await completePicklistIfDone(tx, line.picklistId);
  return { line, picklistStatus: status, replayed: false };
}

/** picking → picked once no line of the fulfillment is pending or short. */
export async function completeFulfillmentIfPicked(tx: Tx, fulfillmentId: string, where: string, actor: string): Promise<void> {
  const open = await tx
    .select({ id: picklistLines.id })
    .from(picklistLines)
    .where(and(eq(picklistLines.fulfillmentId, fulfillmentId), sql`${picklistLines.status} in ('pending', 'short')`))
    .limit(1);
  if (open.length > 0) return;
  const [f] = await tx.select({ status: fulfillments.status }).from(fulfillments).where(eq(fulfillments.id, fulfillmentId));
  if (f?.status === "picking") await transitionFulfillment(tx, fulfillmentId, { to: "picked", reason: `all lines picked (${where})`, actor });
}

/**
 * A picklist is completed when no line is pending; short lines wait for the manager, not the
 * picker. The wave row is locked only when the picklist completes or reopens (the only moves
 * that can change the wave), so the pickers of one wave don't queue behind each other on it.
 */
export async function completePicklistIfDone(tx: Tx, picklistId: string): Promise<string> {
  const pending = await tx
    .select({ id: picklistLines.id })
    .from(picklistLines)
    .where(and(eq(picklistLines.picklistId, picklistId), eq(picklistLines.status, "pending")))
    .limit(1);
  const [before] = await tx.select({ status: picklists.status }).from(picklists).where(eq(picklists.id, picklistId));
  const [list] = await tx
    .update(picklists)
    .set({
      ...(pending.length === 0 ? { status: "completed" as const, completedAt: sql`now()` } : { status: "in_progress" as const, completedAt: null }),
      version: sql`${picklists.version} + 1`,
    })
    .where(eq(picklists.id, picklistId))
    .returning();
  if (before!.status !== list!.status) await closeWaveIfDone(tx, list!.waveId);
  return list!.status;
}
