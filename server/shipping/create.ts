import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillments, orders, shipments, type Shipment } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { carrier } from "./carrier-instance";
import { recordShipmentStatus } from "./status";

export type CreateShipmentInput = {
  fulfillmentId: string;
  /** The box the packer used (shippingBoxes in boxes.ts); gives the parcel's dimensions. */
  boxCode: string;
  /** What the scale read for the packed box. */
  weightGrams: number;
  actor: string;
};

/** The carrier service an order's shipping method buys. */
export function serviceFor(shippingMethod: string): "ground" | "express" {
  return shippingMethod === "express" || shippingMethod === "overnight" ? "express" : "ground";
}

/**
 * The parcel of a fulfillment that is being packed, waiting for its label (`label_pending`),
 * with its history row and event, in the caller's transaction — call it in the transaction
 * that moves the fulfillment to `packed`, then `requestLabel` after that commit: the carrier is
 * never called while a transaction is open. Packing twice (a repack) keeps the one shipment and
 * takes the new box and weight while it has no label yet.
 */
export async function createShipment(tx: Tx, input: CreateShipmentInput): Promise<Shipment> {
  if (!Number.isInteger(input.weightGrams) || input.weightGrams <= 0) {
    throw new DomainError("INVALID_INPUT", "The parcel weight must be a whole number of grams above 0.", { reason: "invalid_weight" });
  }
  const boxCode = input.boxCode.trim().toUpperCase();
  if (!boxCode) throw new DomainError("INVALID_INPUT", "Say which box the parcel is in.", { reason: "box_missing" });

  const [fulfillment] = await tx
    .select({ id: fulfillments.id, orderId: fulfillments.orderId, status: fulfillments.status, shippingMethod: orders.shippingMethod })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .where(eq(fulfillments.id, input.fulfillmentId))
    .for("update", { of: fulfillments });
  if (!fulfillment) throw new DomainError("NOT_FOUND", "Fulfillment not found.");
  if (fulfillment.status !== "packing" && fulfillment.status !== "packed") {
    throw new DomainError("PRECONDITION_FAILED", `Only a fulfillment being packed gets a shipment; this one is ${fulfillment.status.replace("_", " ")}.`, {
      reason: "not_packing",
    });
  }

  const [existing] = await tx.select().from(shipments).where(eq(shipments.fulfillmentId, fulfillment.id)).for("update");
  if (existing) {
    if (existing.status === "label_pending" || existing.status === "manual") {
      const [updated] = await tx
        .update(shipments)
        .set({ boxCode, weightGrams: input.weightGrams, version: sql`${shipments.version} + 1`, updatedAt: sql`now()` })
        .where(eq(shipments.id, existing.id))
        .returning();
      return updated!;
    }
    if (existing.status === "labelled") return existing;
    throw new DomainError("CONFLICT", `This fulfillment's shipment is already ${existing.status.replace("_", " ")}.`, { reason: "shipment_exists" });
  }

  const [created] = await tx
    .insert(shipments)
    .values({
      fulfillmentId: fulfillment.id,
      orderId: fulfillment.orderId,
      carrier: carrier().code,
      service: serviceFor(fulfillment.shippingMethod),
      boxCode,
      weightGrams: input.weightGrams,
      status: "label_pending",
    })
    .returning();
  await recordShipmentStatus(tx, created!, null, "packed; label requested", input.actor);
  return created!;
}
