import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillments, picklistLines, picklists, users, waves, type Picklist, type User } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { warehouseScope, type WarehouseScope } from "@/server/auth";
import { countPickAttempt, moveFulfillments } from "@/server/fulfillment";
import { DomainError } from "@/server/lib/errors";

/** Locks a picklist the user may work on: their warehouse's, unless ops/admin. */
export async function lockPicklist(tx: Tx, picklistId: string, user: SessionUser): Promise<Picklist> {
  const scope = warehouseScope(user);
  const [list] = await tx
    .select()
    .from(picklists)
    .where(and(eq(picklists.id, picklistId), scope.kind === "one" ? eq(picklists.warehouseId, scope.warehouseId) : undefined))
    .for("update");
  if (!list) throw new DomainError("NOT_FOUND", "Picklist not found.");
  return list;
}

const managerRoles = new Set(["warehouse_manager", "admin"]);

/**
 * Someone who can pick, in the scope's warehouses. Anyone else — another warehouse's picker, an
 * account that does not pick, an id that does not exist — is the same "not found" (SEC-P1-02).
 */
async function pickerInScope(tx: Tx, pickerId: string, scope: WarehouseScope): Promise<Pick<User, "id" | "warehouseId" | "name" | "email">> {
  const [picker] = await tx
    .select({ id: users.id, warehouseId: users.warehouseId, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, pickerId), inArray(users.role, ["picker", "warehouse_manager"]), scope.kind === "one" ? eq(users.warehouseId, scope.warehouseId) : undefined));
  if (!picker) throw new DomainError("NOT_FOUND", "Picker not found.", { reason: "picker_not_found" });
  return picker;
}

/** A manager hands an open picklist to a picker of the same warehouse. */
export async function assignPicklist(tx: Tx, input: { picklistId: string; pickerId: string; expectedVersion: number }, user: SessionUser): Promise<Picklist> {
  const list = await lockPicklist(tx, input.picklistId, user);
  if (list.version !== input.expectedVersion) throw new DomainError("CONFLICT", `Picklist ${list.number} was changed by someone else. Reload and try again.`, { reason: "stale_picklist" });
  if (list.status !== "open") throw new DomainError("PRECONDITION_FAILED", `Picklist ${list.number} is ${list.status.replace("_", " ")}; only open picklists can be assigned.`);
  const picker = await pickerInScope(tx, input.pickerId, warehouseScope(user));
  if (picker.warehouseId !== list.warehouseId) throw new DomainError("INVALID_INPUT", "Choose a picker of this warehouse.", { reason: "not_a_picker" });
  const [updated] = await tx
    .update(picklists)
    .set({ assigneeId: picker.id, version: sql`${picklists.version} + 1` })
    .where(eq(picklists.id, list.id))
    .returning();
  await recordAudit(tx, user, {
    action: "picklist.assign",
    targetType: "picklist",
    targetId: list.id,
    targetLabel: list.number,
    reason: `to ${picker.name}`,
    details: { pickerId: picker.id, picker: picker.email, previousAssigneeId: list.assigneeId },
  });
  return updated!;
}

/**
 * A picker starts a picklist (assigned to them, or unassigned: they take it). Its fulfillments
 * move planning → picking (or pick_failed → picking on a re-pick) with their attempt counted.
 */
export async function startPicklist(tx: Tx, picklistId: string, user: SessionUser): Promise<Picklist> {
  const list = await lockPicklist(tx, picklistId, user);
  if (list.assigneeId && list.assigneeId !== user.id && !managerRoles.has(user.role)) {
    throw new DomainError("FORBIDDEN", `Picklist ${list.number} is assigned to someone else.`, { reason: "not_your_picklist" });
  }
  // Started already by this picker (a retried tap): nothing changes, nothing more is audited.
  if (list.status === "in_progress" && list.assigneeId === user.id) return list;
  if (list.status !== "open") throw new DomainError("PRECONDITION_FAILED", `Picklist ${list.number} is ${list.status.replace("_", " ")}.`);
  const [updated] = await tx
    .update(picklists)
    .set({ assigneeId: list.assigneeId ?? user.id, status: "in_progress", startedAt: sql`now()`, version: sql`${picklists.version} + 1` })
    .where(eq(picklists.id, list.id))
    .returning();
  const planned = await tx
    .select()
    .from(fulfillments)
    .where(and(inArray(fulfillments.id, tx.select({ id: picklistLines.fulfillmentId }).from(picklistLines).where(eq(picklistLines.picklistId, list.id))), eq(fulfillments.status, "planning")))
    .orderBy(fulfillments.id)
    .for("update");
  await moveFulfillments(tx, planned, "picking", `picklist ${list.number} started`, `user:${user.id}`);
  await countPickAttempt(tx, planned.map((f) => f.id));
  await recordAudit(tx, user, { action: "picklist.start", targetType: "picklist", targetId: list.id, targetLabel: list.number, details: { fulfillments: planned.length } });
  return updated!;
}

/**
 * A manager takes back an open picklist: its lines are cancelled and its fulfillments return to
 * pending for a later wave.
 */
export async function cancelPicklist(tx: Tx, input: { picklistId: string; expectedVersion: number }, user: SessionUser): Promise<Picklist> {
  const list = await lockPicklist(tx, input.picklistId, user);
  if (list.version !== input.expectedVersion) throw new DomainError("CONFLICT", `Picklist ${list.number} was changed by someone else. Reload and try again.`, { reason: "stale_picklist" });
  if (list.status !== "open") throw new DomainError("PRECONDITION_FAILED", `Picklist ${list.number} has been started; only open picklists can be cancelled.`);
  await tx.update(picklistLines).set({ status: "cancelled" }).where(eq(picklistLines.picklistId, list.id));
  const planned = await tx
    .select()
    .from(fulfillments)
    .where(and(inArray(fulfillments.id, tx.select({ id: picklistLines.fulfillmentId }).from(picklistLines).where(eq(picklistLines.picklistId, list.id))), eq(fulfillments.status, "planning")))
    .orderBy(fulfillments.id)
    .for("update");
  await moveFulfillments(tx, planned, "pending", `picklist ${list.number} cancelled`, `user:${user.id}`);
  const [updated] = await tx
    .update(picklists)
    .set({ status: "cancelled", completedAt: sql`now()`, version: sql`${picklists.version} + 1` })
    .where(eq(picklists.id, list.id))
    .returning();
  await closeWaveIfDone(tx, list.waveId);
  await recordAudit(tx, user, {
    action: "picklist.cancel",
    targetType: "picklist",
    targetId: list.id,
    targetLabel: list.number,
    details: { fulfillmentsBackToPending: planned.length },
  });
  return updated!;
}

/**
 * A wave is done when none of its picklists is open or in progress. The wave row is locked
 * before its picklists are read: two pickers finishing its last two picklists at once are
 * serialised here, so the second sees the first's completion and closes the wave.
 */
export async function closeWaveIfDone(tx: Tx, waveId: string): Promise<void> {
  await tx.select({ id: waves.id }).from(waves).where(eq(waves.id, waveId)).for("update");
  const live = await tx
    .select({ id: picklists.id })
    .from(picklists)
    .where(and(eq(picklists.waveId, waveId), notInArray(picklists.status, ["completed", "cancelled"])))
    .limit(1);
  const anyCompleted = await tx.select({ id: picklists.id }).from(picklists).where(and(eq(picklists.waveId, waveId), eq(picklists.status, "completed"))).limit(1);
  await tx
    .update(waves)
    .set(live.length > 0 ? { status: "open", completedAt: null } : { status: anyCompleted.length > 0 ? "completed" : "cancelled", completedAt: sql`now()` })
    .where(eq(waves.id, waveId));
}
