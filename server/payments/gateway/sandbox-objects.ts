import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { type PaymentIntentLike } from "./intent-view";

/** A sandbox intent, shaped (and serialized into events) like a Stripe PaymentIntent. */
export type SandboxIntent = PaymentIntentLike & {
  object: "payment_intent";
  created: number;
  capture_method: "manual";
  description: string;
  receipt_email: string;
  latest_charge: string;
  livemode: false;
  metadata: Record<string, string>;
  /** Not a PaymentIntent field (Stripe keeps it on the charge); serialized only there. */
  amountRefunded: number;
};

export type SandboxEventType =
  | "payment_intent.amount_capturable_updated"
  | "payment_intent.succeeded"
  | "payment_intent.payment_failed"
  | "payment_intent.canceled"
  | "charge.refunded";

export type SandboxEvent = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: string | null };
  type: SandboxEventType;
};

export function sandboxId(prefix: "pi" | "ch" | "re" | "evt" | "pm"): string {
  return `${prefix}_sandbox_${randomBytes(12).toString("hex")}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function intentObject(intent: SandboxIntent): Record<string, unknown> {
  const { amountRefunded: _ignored, ...pi } = intent;
  return structuredClone(pi);
}

export function chargeObject(intent: SandboxIntent): Record<string, unknown> {
  return {
    id: intent.latest_charge,
    object: "charge",
    amount: intent.amount,
    amount_captured: intent.amount_received,
    amount_refunded: intent.amountRefunded,
    captured: intent.amount_received > 0,
    currency: intent.currency,
    metadata: { ...intent.metadata },
    paid: true,
    payment_intent: intent.id,
    refunded: intent.amount_received > 0 && intent.amountRefunded >= intent.amount_received,
    status: "succeeded",
    livemode: false,
  };
}

export function sandboxEvent(type: SandboxEventType, object: Record<string, unknown>, idempotencyKey: string | null): SandboxEvent {
  return {
    id: sandboxId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: nowSeconds(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: idempotencyKey },
    type,
  };
}
