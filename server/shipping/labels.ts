import { and, asc, eq, lt, ne, sql } from "drizzle-orm";
import type { LabelFailure } from "@/server/vocabulary/shipping";
import type { Db, Tx } from "@/db/client";
import { fulfillments, orders, shipments, warehouses, type ShippingAddress, type Shipment, type Warehouse } from "@/db/schema";
import { savepoint, transaction } from "@/db/transaction";
import { shipmentLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import type { WarehouseScope } from "@/server/auth";
import { transitionFulfillment } from "@/server/fulfillment";
import { raiseAlert } from "@/server/alerts";
import { DomainError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logging";
import { parcelFor } from "./parcel";
import { voidLabel } from "./cancel";
import { isCarrierError, type CarrierAdapter, type CreateLabelRequest, type LabelResult } from "./carrier/types";
import { carrier } from "./carrier-instance";
import { claimLabelCall } from "./label-claim";
import { automaticallyRetriedFailures, labelRetryPolicy } from "./label-retry";
import { assertShipmentInScope, lockShipmentInScope, userIdOf } from "./scope";
import { moveLockedShipment, shipmentView, type ShipmentView } from "./status";
import { isUniqueViolation } from "@/server/lib/pg-errors";

/** The carrier's idempotency key for a shipment's label: a retry, from any process, gets the first label back. */
export const labelKey = (shipmentId: string) => `label:${shipmentId}`;

export type LabelOutcome =
  | { status: "labelled"; shipment: Shipment }
  /** The carrier could not make the label: the shipment waits in the manual queue (SHIP-P0-01). */
  | { status: "manual"; shipment: Shipment; error: string }
  /** Nothing to do: the shipment already has its label (or was cancelled), or an automatic retry is not due yet. */
  | { status: "unchanged"; shipment: Shipment }
  /** Another caller is asking the carrier for this label right now: nothing done. */
  | { status: "busy"; shipment: Shipment };

type LabelContext = { shipment: Shipment; orderNumber: string; address: ShippingAddress; warehouse: Warehouse };

async function labelContext(db: Db, shipmentId: string): Promise<LabelContext> {
  const [row] = await db
    .select({ shipment: shipments, orderNumber: orders.number, address: orders.shippingAddress, warehouse: warehouses })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
    .where(eq(shipments.id, shipmentId));
  if (!row) throw new DomainError("NOT_FOUND", "Shipment not found.", { reason: "shipment_not_found" });
  return row;
}

/** What we ask the carrier for: from the warehouse to the order's address, in the packed box. */
export function labelRequestFor({ shipment, orderNumber, address, warehouse }: LabelContext): CreateLabelRequest {
  return {
    idempotencyKey: labelKey(shipment.id),
    reference: orderNumber,
    service: shipment.service === "express" ? "express" : "ground",
    from: { name: warehouse.name, line1: warehouse.addressLine, city: warehouse.city, region: "", postalCode: warehouse.postalCode, country: warehouse.country },
    to: {
      name: address.name,
      line1: address.line1,
      ...(address.line2 ? { line2: address.line2 } : {}),
      city: address.city,
      region: address.region,
      postalCode: address.postalCode,
      country: address.country,
    },
    parcel: parcelFor(shipment.boxCode, shipment.weightGrams),
  };
}

const awaitingLabel = (s: Shipment) => s.status === "label_pending" || s.status === "manual";

/** A shipment that got its label (from the carrier or by hand) has no failure to show and no call to wait for. */
const labelFailureCleared = { lastError: null, labelFailure: null, labelCallStartedAt: null } as const;

type Failure = { kind: LabelFailure; message: string };

/** What kind of failure a label call met, and the words the manual queue shows for it. */
function failureOf(error: unknown): Failure {
  if (isCarrierError(error)) {
    return error.kind === "rejected"
      ? { kind: "refused", message: `The carrier refused the label: ${error.message}` }
      : { kind: "carrier_unavailable", message: `The carrier could not make the label: ${error.message}` };
  }
  const cause = error instanceof Error ? error.message : String(error);
  return { kind: "call_failed", message: `The label request failed unexpectedly (${cause}). Retry, or enter the tracking number by hand.` };
}

/**
 * Asks the carrier for the shipment's label — after the packing transaction committed, with no
 * transaction open during the call — then, in a new transaction, stores the tracking number and
 * PDF, moves the shipment to `labelled` and its fulfillment from `packed` to `ready`.
 *
 * It never throws for the carrier (SHIP-P0-01): a CarrierError, a timeout or any other failure of
 * the call puts the shipment in the manual queue with the error, and the fulfillment stays
 * `packed` until a retry or a hand-entered tracking number. The key `label:<shipment id>` makes a
 * repeated call (double click, the stuck-label cron, a crash between call and store) return the
 * same label instead of buying a second one, and the claim (claimLabelCall) keeps two callers
 * from asking at the same time: the second is told `busy`. `onlyIfDue` is the retry cron's: the
 * call is made only if the backoff (label-retry.ts) says it is due, checked under the claim.
 */
export async function requestLabel(
  db: Db,
  shipmentId: string,
  actor: string,
  adapter: CarrierAdapter = carrier(),
  { onlyIfDue = false, staff }: { onlyIfDue?: boolean; staff?: SessionUser } = {},
): Promise<LabelOutcome> {
  const claim = await claimLabelCall(db, shipmentId, { onlyIfDue });
  if (!claim.claimed) return { status: claim.why === "busy" ? "busy" : "unchanged", shipment: claim.shipment };
  const context = await labelContext(db, shipmentId);

  let label: LabelResult;
  try {
    label = await adapter.createLabel(labelRequestFor(context));
  } catch (error) {
    const failure = failureOf(error);
    logger.warn({ shipmentId, carrier: adapter.code, kind: failure.kind, reason: failure.message }, "carrier label failed; shipment goes to the manual queue");
    return transaction(async (tx) => auditedRetry(tx, staff, await recordLabelFailure(tx, shipmentId, failure, actor)), db);
  }

  const stored = await transaction(async (tx) => {
    const result = await storeLabel(tx, shipmentId, adapter.code, label, actor);
    return { ...result, outcome: await auditedRetry(tx, staff, result.outcome) };
  }, db);
  if (stored.orphan) {
    // The shipment was cancelled, or got a hand-entered number, while the carrier made this label.
    await voidLabel(db, adapter, { shipmentId, orderId: context.shipment.orderId, trackingNumber: label.trackingNumber, source: "request-label" });
  }
  return stored.outcome;
}

/** Staff's retry of a label, audited in the transaction that stored its outcome (an unchanged shipment is not). */
async function auditedRetry(tx: Tx, staff: SessionUser | undefined, outcome: LabelOutcome): Promise<LabelOutcome> {
  if (!staff || outcome.status === "unchanged" || outcome.status === "busy") return outcome;
  await recordAudit(tx, staff, {
    action: "shipment.retry_label",
    targetType: "shipment",
    targetId: outcome.shipment.id,
    targetLabel: await shipmentLabel(tx, outcome.shipment),
    orderId: outcome.shipment.orderId,
    reason: outcome.status === "manual" ? `still no label: ${outcome.error}` : "label printed",
    details: { status: outcome.status, attempts: outcome.shipment.labelAttempts },
  });
  return outcome;
}

async function lockShipment(tx: Tx, shipmentId: string): Promise<Shipment> {
  const [row] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for("update");
  if (!row) throw new DomainError("NOT_FOUND", "Shipment not found.", { reason: "shipment_not_found" });
  return row;
}

/** The call's result when it failed: the kind and message, one more attempt, and the claim cleared. */
async function recordLabelFailure(tx: Tx, shipmentId: string, { kind, message }: Failure, actor: string): Promise<LabelOutcome> {
  const row = await lockShipment(tx, shipmentId);
  const set = { lastError: message.slice(0, 2000), labelFailure: kind, labelCallStartedAt: null, labelAttempts: row.labelAttempts + 1 };
  if (row.status === "label_pending") {
    const moved = await moveLockedShipment(tx, row, { to: "manual", reason: "label failed; waiting in the manual queue", actor, set });
    return { status: "manual", shipment: moved, error: message };
  }
  if (row.status === "manual") {
    const [updated] = await tx
      .update(shipments)
      .set({ ...set, version: sql`${shipments.version} + 1`, updatedAt: sql`now()` })
      .where(eq(shipments.id, row.id))
      .returning();
    if (set.labelAttempts === labelRetryPolicy.maxAttempts && (automaticallyRetriedFailures as readonly LabelFailure[]).includes(kind)) {
      // The last automatic retry failed: from here on the parcel waits for staff, so ops hear of it once.
      await raiseAlert(tx, {
        kind: "label_retries_exhausted",
        severity: "warning",
        message: `A parcel still has no label after ${set.labelAttempts} tries; it waits in the manual queue for staff: ${message}`,
        orderId: row.orderId,
        details: { shipmentId: row.id, labelFailure: kind },
      });
    }
    return { status: "manual", shipment: updated!, error: message };
  }
  // Cancelled, or labelled by hand, during the call: that move already cleared the claim.
  return { status: "unchanged", shipment: row };
}

async function storeLabel(
  tx: Tx,
  shipmentId: string,
  carrierCode: string,
  label: LabelResult,
  actor: string,
): Promise<{ outcome: LabelOutcome; orphan: boolean }> {
  const row = await lockShipment(tx, shipmentId);
  if (!awaitingLabel(row)) {
    const same = row.trackingNumber === label.trackingNumber && row.carrier === carrierCode;
    return { outcome: { status: "unchanged", shipment: row }, orphan: !same };
  }
  const owner = await trackingOwner(tx, carrierCode, label.trackingNumber, row.id);
  if (owner) {
    // Never expected from a carrier; refusing keeps SHIP-P0-02 and shows staff what happened, in this shipment's warehouse's manual queue.
    const [own] = await tx.select({ warehouseId: fulfillments.warehouseId }).from(fulfillments).where(eq(fulfillments.id, row.fulfillmentId));
    const orderNumber = ownerOrderFor(owner, { kind: "one", warehouseId: own!.warehouseId });
    const message = `The carrier returned tracking number ${label.trackingNumber}, which ${orderNumber ? `the shipment of order ${orderNumber}` : "another shipment"} already has. Enter the right number by hand.`;
    return { outcome: await recordLabelFailure(tx, shipmentId, { kind: "duplicate_tracking", message }, actor), orphan: false };
  }
  const moved = await moveLockedShipment(tx, row, {
    to: "labelled",
    reason: `label ${label.trackingNumber} created by the carrier`,
    actor,
    set: {
      carrier: carrierCode,
      trackingNumber: label.trackingNumber,
      labelPdf: Buffer.from(label.labelPdf),
      labelAttempts: row.labelAttempts + 1,
      ...labelFailureCleared,
    },
  });
  await readyToShip(tx, row.fulfillmentId, "label printed", actor);
  return { outcome: { status: "labelled", shipment: moved }, orphan: false };
}

/** Another shipment that has this (carrier, tracking number), if any: its order and warehouse. */
async function trackingOwner(tx: Tx, carrierCode: string, trackingNumber: string, exceptShipmentId: string) {
  const [other] = await tx
    .select({ orderNumber: orders.number, warehouseId: fulfillments.warehouseId })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .where(and(eq(shipments.carrier, carrierCode), eq(shipments.trackingNumber, trackingNumber), ne(shipments.id, exceptShipmentId)));
  return other;
}

/** The owner's order number for a message, only if the scope may see it: another warehouse's order is never named (SEC-P1-02). */
function ownerOrderFor(owner: { orderNumber: string; warehouseId: string }, scope: WarehouseScope): string | null {
  return scope.kind === "one" && scope.warehouseId !== owner.warehouseId ? null : owner.orderNumber;
}

/** A packed fulfillment whose parcel has its label is ready for the carrier. */
async function readyToShip(tx: Tx, fulfillmentId: string, reason: string, actor: string): Promise<void> {
  const [f] = await tx.select({ status: fulfillments.status }).from(fulfillments).where(eq(fulfillments.id, fulfillmentId));
  if (f?.status === "packed") await transitionFulfillment(tx, fulfillmentId, { to: "ready", reason, actor });
}

export type LabelAttempt = { status: LabelOutcome["status"]; shipment: ShipmentView; error: string | null };

const BUSY = "The carrier is being asked for this label right now (an automatic retry, or another click). Reload the queue in a moment.";

/**
 * A retry of a shipment of the manual queue — staff's Retry button, and the retry cron with
 * `onlyIfDue` — the same path and the same idempotency key as the first call. A carrier still
 * failing is an answer, not an error: `status: "manual"` with why; so is `busy`.
 */
export async function retryLabel(
  db: Db,
  input: { shipmentId: string; actor: string; scope: WarehouseScope; onlyIfDue?: boolean; staff?: SessionUser },
  adapter: CarrierAdapter = carrier(),
): Promise<LabelAttempt> {
  await assertShipmentInScope(db, input.shipmentId, input.scope);
  const outcome = await requestLabel(db, input.shipmentId, input.actor, adapter, { onlyIfDue: input.onlyIfDue, staff: input.staff });
  const error = outcome.status === "manual" ? outcome.error : outcome.status === "busy" ? BUSY : null;
  return { status: outcome.status, shipment: shipmentView(outcome.shipment), error };
}

export type ManualTrackingInput = {
  shipmentId: string;
  /** As printed on the carrier's label; spaces are dropped and letters upper-cased. */
  trackingNumber: string;
  /** The carrier whose label it is ("sandbox", "parcelhub", or any other carrier staff used). */
  carrier: string;
  actor: string;
  /** The caller's warehouses; omitted only by system callers. */
  scope?: WarehouseScope;
  /** Staff who typed it in: the entry is audited. */
  staff?: SessionUser;
};

export function normalizeTrackingNumber(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

const TRACKING_NUMBER = /^[A-Z0-9][A-Z0-9-]{5,39}$/;
const CARRIER_CODE = /^[a-z0-9][a-z0-9_-]{1,31}$/;

function duplicateTracking(trackingNumber: string, carrierCode: string, orderNumber: string | null): DomainError {
  const where = orderNumber ? `the shipment of order ${orderNumber}` : "another shipment";
  return new DomainError(
    "CONFLICT",
    `Tracking number ${trackingNumber} (${carrierCode}) is already used by ${where}. Check the number on the label.`,
    { reason: "duplicate_tracking_number", trackingNumber, carrier: carrierCode },
  );
}

/**
 * Staff enter the tracking number of a label they made another way (the carrier's own portal
 * during an outage): the shipment becomes `labelled` and the fulfillment `ready`, in the
 * caller's transaction. A (carrier, tracking number) pair already on another shipment is
 * refused with a CONFLICT naming the number (SHIP-P0-02) — checked first for the message, and
 * by the unique constraint for two people typing the same number at once.
 */
export async function enterTrackingManually(tx: Tx, input: ManualTrackingInput): Promise<Shipment> {
  const trackingNumber = normalizeTrackingNumber(input.trackingNumber);
  const carrierCode = input.carrier.trim().toLowerCase();
  if (!TRACKING_NUMBER.test(trackingNumber)) {
    throw new DomainError("INVALID_INPUT", "A tracking number is 6 to 40 letters, digits or dashes, as printed under the label's barcode.", {
      reason: "invalid_tracking_number",
    });
  }
  if (!CARRIER_CODE.test(carrierCode)) {
    throw new DomainError("INVALID_INPUT", "Name the carrier in lower case letters, e.g. sandbox or parcelhub.", { reason: "invalid_carrier" });
  }
  const row = input.scope ? await lockShipmentInScope(tx, input.shipmentId, input.scope) : await lockShipment(tx, input.shipmentId);
  if (row.status === "labelled" && row.trackingNumber === trackingNumber && row.carrier === carrierCode) return row;
  if (!awaitingLabel(row)) {
    throw new DomainError("PRECONDITION_FAILED", `This shipment is already ${row.status.replace("_", " ")}${row.trackingNumber ? ` with tracking number ${row.trackingNumber}` : ""}.`, {
      reason: "not_in_manual_queue",
    });
  }
  const owner = await trackingOwner(tx, carrierCode, trackingNumber, row.id);
  if (owner) throw duplicateTracking(trackingNumber, carrierCode, ownerOrderFor(owner, input.scope ?? { kind: "all" }));

  let moved: Shipment;
  try {
    // A savepoint, so the unique violation of a concurrent entry can be reported rather than abort the caller.
    moved = await savepoint(tx, (sp) =>
      moveLockedShipment(sp, row, {
        to: "labelled",
        reason: `tracking number ${trackingNumber} entered by hand`,
        actor: input.actor,
        set: { carrier: carrierCode, trackingNumber, manualEntryBy: userIdOf(input.actor), labelPdf: null, ...labelFailureCleared },
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error, "shipments_carrier_tracking_uq")) throw duplicateTracking(trackingNumber, carrierCode, null);
    throw error;
  }
  await readyToShip(tx, row.fulfillmentId, "tracking number entered by hand", input.actor);
  if (input.staff) {
    await recordAudit(tx, input.staff, {
      action: "shipment.enter_tracking",
      targetType: "shipment",
      targetId: moved.id,
      targetLabel: await shipmentLabel(tx, moved),
      orderId: moved.orderId,
      reason: `tracking number ${trackingNumber} (${carrierCode}) entered by hand`,
      details: { trackingNumber, carrier: carrierCode },
    });
  }
  return moved;
}

/**
 * Shipments left in `label_pending` for longer than a label call can take: the process died
 * between the packing commit and the carrier call or its store. The cron runs requestLabel on
 * them, which the idempotency key makes safe even if the first call did reach the carrier.
 */
export async function stuckLabelShipments(db: Db, { olderThanSeconds = 120, limit = 50 }: { olderThanSeconds?: number; limit?: number } = {}): Promise<string[]> {
  const rows = await db
    .select({ id: shipments.id })
    .from(shipments)
    .where(and(eq(shipments.status, "label_pending"), lt(shipments.updatedAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)))
    .orderBy(asc(shipments.updatedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
