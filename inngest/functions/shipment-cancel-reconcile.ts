import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { reconcileCancelledShipments, carrier } from "@/server/shipping";

/**
 * Every 10 minutes: the backstop of shipment-cancel-on-order-cancel when its run was lost with
 * its process — parcels of orders cancelled 10+ minutes ago are cancelled and their labels
 * voided once (P1-2024-02); a void the carrier keeps refusing becomes a failed compensation.
 */
export const shipmentCancelReconcile = inngest.createFunction(
  { id: "shipment-cancel-reconcile", retries: 2, triggers: [cron("*/10 * * * *")] },
  async ({ step }) => step.run("reconcile-cancelled-shipments", () => reconcileCancelledShipments(db(), carrier(), { graceSeconds: 600 })),
);
