import type { Db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { shipmentLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import type { WarehouseScope } from "@/server/auth";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { buildTrackingEvent, deliverSandboxTrackingEvent } from "./carrier/tracking-events";
import { carrier } from "./carrier-instance";
import { shipmentTracking } from "./queries";

export const simulatedTrackingTypes = ["in_transit", "delivered", "exception"] as const;
export type SimulatedTrackingType = (typeof simulatedTrackingTypes)[number];

let transport: typeof fetch | undefined;

/** Tests deliver to the route handler in process instead of over HTTP; undefined restores fetch. */
export function setSandboxTrackingTransport(fetchImpl: typeof fetch | undefined): void {
  transport = fetchImpl;
}

/**
 * The sandbox carrier's side of tracking: a signed event POSTed to our own carrier webhook
 * route, so the production webhook path (signature, dedupe, forward-only moves) is what runs.
 * Only while the sandbox carrier is configured: a real carrier sends its own events.
 */
export async function simulateTracking(
  db: Db,
  input: { shipmentId: string; type: SimulatedTrackingType; scope: WarehouseScope; staff: SessionUser },
): Promise<{ delivered: boolean; status: number; eventId: string }> {
  const settings = env().carrier;
  if (settings.code !== "sandbox" || carrier().code !== "sandbox") {
    throw new DomainError("PRECONDITION_FAILED", "Tracking can only be simulated with the sandbox carrier.", { reason: "not_sandbox" });
  }
  const shipment = await shipmentTracking(db, input.shipmentId, input.scope);
  if (!shipment.trackingNumber || shipment.carrier !== "sandbox") {
    throw new DomainError("PRECONDITION_FAILED", "Only a parcel with a sandbox label can be tracked by the sandbox carrier.", { reason: "not_sandbox_label" });
  }
  if (shipment.status === "cancelled") {
    throw new DomainError("PRECONDITION_FAILED", "This shipment was cancelled.", { reason: "shipment_cancelled" });
  }
  const event = buildTrackingEvent({ type: `tracking.${input.type}`, trackingNumber: shipment.trackingNumber, carrier: "sandbox" });
  let answer: Awaited<ReturnType<typeof deliverSandboxTrackingEvent>>;
  try {
    answer = await deliverSandboxTrackingEvent({ url: settings.webhookUrl, secret: settings.webhookSecret, event, fetchImpl: transport });
  } catch (error) {
    throw new DomainError("UNAVAILABLE", `The sandbox carrier could not reach ${settings.webhookUrl}: ${error instanceof Error ? error.message : String(error)}`, {
      reason: "webhook_unreachable",
    });
  }
  // The webhook made the change in its own transaction; this records who sent the event, in one of its own.
  await transaction(async (tx) => {
    await recordAudit(tx, input.staff, {
      action: "shipment.simulate_tracking",
      targetType: "shipment",
      targetId: shipment.id,
      targetLabel: await shipmentLabel(tx, { trackingNumber: shipment.trackingNumber, orderId: shipment.orderId }),
      orderId: shipment.orderId,
      reason: `sandbox tracking event ${input.type.replaceAll("_", " ")}`,
      details: { eventId: event.id, type: input.type, webhookStatus: answer.status },
    });
  }, db);
  return { delivered: answer.ok, status: answer.status, eventId: event.id };
}
