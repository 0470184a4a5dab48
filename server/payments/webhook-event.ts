import { z } from "zod";
import { pgText } from "@/server/lib/pg-text";
import { parseWebhookBody } from "@/server/webhooks";

/**
 * The part of a Stripe event the webhook reads, checked before anything touches the database:
 * every string we store or query with is free of NULs and of a sane length, and the object's
 * `id`, `object` and `metadata.order_id` have Stripe's types when present. Other fields, and
 * other object types, pass through untouched (unknown event types are acknowledged, not read).
 */
export const stripeEventSchema = z.looseObject({
  id: pgText.min(1).max(255),
  type: pgText.min(1).max(255),
  data: z.looseObject({
    object: z.looseObject({
      object: pgText.max(100).optional(),
      id: pgText.max(255).optional(),
      metadata: z.looseObject({ order_id: pgText.max(255).optional() }).nullish(),
    }),
  }),
});
export type StripeWebhookEvent = z.output<typeof stripeEventSchema>;

/** A verified raw body as a Stripe event; throws MalformedWebhookError naming what is wrong. */
export function parseStripeEvent(rawBody: string): StripeWebhookEvent {
  return parseWebhookBody(stripeEventSchema, rawBody, "Stripe event");
}
