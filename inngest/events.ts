import { eventType } from "inngest";
import { z } from "zod";

/**
 * The event catalog: every event name, payload schema and schema version, declared once.
 * Domain code emits these through the outbox (server/outbox/emit.ts); functions trigger on
 * the `eventType`s below, so a renamed event fails to compile instead of silently missing
 * its consumer (P1-2024-04).
 */

/** Envelope the relay adds to every outbox event. */
export const outboxMeta = z.object({
  outboxId: z.string().uuid(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  sequence: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
  occurredAt: z.string(),
});
export type OutboxMeta = z.infer<typeof outboxMeta>;

const domain = {
  "customer/registered": {
    version: 1,
    aggregate: "customer",
    payload: z.object({
      userId: z.string().uuid(),
      email: z.string().email(),
      name: z.string().min(1),
    }),
  },
} as const;

export const domainEvents = domain;
export type DomainEventName = keyof typeof domain;
export type DomainEventPayload<N extends DomainEventName> = z.infer<(typeof domain)[N]["payload"]>;

function domainEventType<N extends DomainEventName>(name: N) {
  const spec = domain[name];
  return eventType(name, {
    schema: z.object({ meta: outboxMeta, payload: spec.payload }),
    version: String(spec.version),
  });
}

export const customerRegistered = domainEventType("customer/registered");

/** Sent after a transaction that wrote outbox rows commits, so the relay runs at once. */
export const outboxFlush = eventType("outbox/flush", { schema: z.object({ reason: z.string().optional() }) });
