import { randomUUID } from "node:crypto";
import { z } from "zod";
import { pgText } from "@/server/lib/pg-text";
import { parseWebhookBody } from "@/server/webhooks";
import { CARRIER_SIGNATURE_HEADER, signCarrierPayload } from "./webhook-signature";

export const TRACKING_EVENT_TYPES = ["tracking.in_transit", "tracking.delivered", "tracking.exception"] as const;
export type TrackingEventType = (typeof TRACKING_EVENT_TYPES)[number];

/**
 * A carrier webhook body. `id` is unique per event (the route dedupes on it); `created` is
 * when the carrier sent it (unix seconds), `data.occurred_at` when the scan happened (ISO 8601).
 * Every string is stored or queried with, so none may hold a NUL.
 */
export const carrierTrackingEventSchema = z.object({
  id: pgText.min(1).max(255),
  type: z.enum(TRACKING_EVENT_TYPES),
  created: z.number().int().nonnegative(),
  data: z.object({
    tracking_number: pgText.min(1).max(64),
    carrier: pgText.min(1).max(64),
    occurred_at: z.iso.datetime({ offset: true }),
    description: pgText.max(1_000).optional(),
    exception_reason: pgText.max(1_000).optional(),
  }),
});
export type CarrierTrackingEvent = z.infer<typeof carrierTrackingEventSchema>;

/** Parses a verified raw body; throws MalformedWebhookError naming what is wrong. */
export function parseTrackingEvent(rawBody: string): CarrierTrackingEvent {
  return parseWebhookBody(carrierTrackingEventSchema, rawBody, "Tracking event");
}

export type BuildTrackingEventInput = {
  type: TrackingEventType;
  trackingNumber: string;
  carrier: string;
  occurredAt?: Date;
  description?: string;
  /** Defaults to a generic reason for `tracking.exception`. */
  exceptionReason?: string;
  /** Defaults to a fresh `evt_…` id. */
  id?: string;
  createdSec?: number;
};

const DEFAULT_DESCRIPTIONS: Record<TrackingEventType, string> = {
  "tracking.in_transit": "Picked up and on its way",
  "tracking.delivered": "Delivered",
  "tracking.exception": "Delivery problem",
};

/** A sandbox tracking event, as a carrier would send it. */
export function buildTrackingEvent(input: BuildTrackingEventInput): CarrierTrackingEvent {
  const occurredAt = input.occurredAt ?? new Date();
  const exceptionReason =
    input.exceptionReason ?? (input.type === "tracking.exception" ? "Recipient not available; the carrier will try again" : undefined);
  return carrierTrackingEventSchema.parse({
    id: input.id ?? `evt_${randomUUID().replace(/-/g, "")}`,
    type: input.type,
    created: input.createdSec ?? Math.floor(Date.now() / 1000),
    data: {
      tracking_number: input.trackingNumber,
      carrier: input.carrier,
      occurred_at: occurredAt.toISOString(),
      description: input.description ?? DEFAULT_DESCRIPTIONS[input.type],
      ...(exceptionReason ? { exception_reason: exceptionReason } : {}),
    },
  });
}

export type DeliverTrackingEventOptions = {
  url: string;
  secret: string;
  event: CarrierTrackingEvent;
  /** Injectable transport; defaults to the global fetch. */
  fetchImpl?: typeof fetch;
  nowSec?: number;
  timeoutMs?: number;
};

/**
 * What the sandbox carrier does instead of a real carrier's webhook: POSTs the event as JSON
 * with a Depot-Carrier-Signature over the exact bytes sent. One try; a network error rejects,
 * any HTTP answer resolves with its status (the caller may send the same event again: the
 * route dedupes on its id).
 */
export async function deliverSandboxTrackingEvent(options: DeliverTrackingEventOptions): Promise<{ ok: boolean; status: number }> {
  const body = JSON.stringify(options.event);
  const doFetch = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const res = await doFetch(options.url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      [CARRIER_SIGNATURE_HEADER.toLowerCase()]: signCarrierPayload(options.secret, body, options.nowSec),
      "user-agent": "depot-sandbox-carrier/1",
    },
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  await res.body?.cancel().catch(() => undefined);
  return { ok: res.ok, status: res.status };
}
