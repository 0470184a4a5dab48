import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { warehouseScope } from "@/server/auth";
import { shipFulfillment, enterTrackingManually, retryLabel, manualQueue, readyToShip, recentlyShipped, simulatedTrackingTypes, simulateTracking, shipmentView } from "@/server/shipping";
import { router, shippingProcedure, shippingSupervisorProcedure } from "../init";

const shipmentId = z.string().uuid("Choose a shipment from the list");
const trackingNumber = z.string().trim().min(1, "Enter the tracking number").max(64, "A tracking number is at most 64 characters");
const carrierCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{1,31}$/, "Name the carrier in lower case letters, e.g. sandbox or parcelhub");

/** Shipping: labels, the manual queue, hand-over to the carrier. Every query and action is scoped to the caller's warehouse. */
export const shippingRouter = router({
  manualQueue: shippingProcedure.query(({ ctx }) => manualQueue(db(), warehouseScope(ctx.user))),
  readyToShip: shippingProcedure.query(({ ctx }) => readyToShip(db(), warehouseScope(ctx.user))),
  recentlyShipped: shippingProcedure.query(({ ctx }) => recentlyShipped(db(), warehouseScope(ctx.user))),
  /** Ask the carrier again for a manual-queue label (same idempotency key). */
  retryLabel: shippingProcedure
    .input(z.object({ shipmentId }))
    .mutation(({ ctx, input }) => retryLabel(db(), { shipmentId: input.shipmentId, actor: `user:${ctx.user.id}`, scope: warehouseScope(ctx.user), staff: ctx.user })),
  /** A tracking number typed in from a label made another way (SHIP-P0-01); duplicates refused (SHIP-P0-02). */
  enterTracking: shippingProcedure
    .input(z.object({ shipmentId, trackingNumber, carrier: carrierCode }))
    .mutation(({ ctx, input }) =>
      transaction((tx) => enterTrackingManually(tx, { ...input, actor: `user:${ctx.user.id}`, scope: warehouseScope(ctx.user), staff: ctx.user })).then(shipmentView),
    ),
  /** Hand-over at the dock: by fulfillment, or by scanning the label's tracking number. */
  ship: shippingProcedure
    .input(z.union([z.object({ fulfillmentId: z.string().uuid("Choose a parcel from the list") }), z.object({ trackingNumber })]))
    .mutation(({ ctx, input }) =>
      transaction((tx) => shipFulfillment(tx, { ...input, actor: `user:${ctx.user.id}`, scope: warehouseScope(ctx.user), staff: ctx.user })),
    ),
  /** Sandbox carrier only: sends a signed tracking event to our own carrier webhook route. */
  simulateTracking: shippingSupervisorProcedure
    .input(z.object({ shipmentId, type: z.enum(simulatedTrackingTypes) }))
    .mutation(({ ctx, input }) => simulateTracking(db(), { ...input, scope: warehouseScope(ctx.user), staff: ctx.user })),
});
