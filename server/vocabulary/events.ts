import { EventType, eventType } from "inngest";
import { z } from "zod";
import { fulfillmentStatuses } from "./fulfillment";
import { orderStatuses, paymentMethods } from "./orders";
import { paymentStatuses, refundKinds } from "./payments";
import { pickLineStatuses } from "./picking";
import { returnKinds, returnStatuses } from "./returns";
import { shipmentStatuses } from "./shipping";

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

const money = z.string().regex(/^-?\d+(\.\d{1,4})?$/, "a decimal amount");
const orderStatus = z.enum(orderStatuses);
const paymentStatus = z.enum(paymentStatuses);

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
  /**
   * A customer (or someone with their email) asked for a password reset link. The link's secret is
   * never in the event: it is derived from tokenId with the app's secret when the mail is written.
   */
  "customer/password-reset-requested": {
    version: 1,
    aggregate: "customer",
    payload: z.object({
      userId: z.string().uuid(),
      email: z.string().email(),
      name: z.string().min(1),
      tokenId: z.string().uuid(),
      expiresAt: z.string(),
    }),
  },
  /** A customer changed their email; the new address must be confirmed by the link mailed to it. */
  "customer/email-change-requested": {
    version: 1,
    aggregate: "customer",
    payload: z.object({
      userId: z.string().uuid(),
      email: z.string().email(),
      name: z.string().min(1),
      tokenId: z.string().uuid(),
      expiresAt: z.string(),
    }),
  },
  "order/placed": {
    version: 1,
    aggregate: "order",
    payload: z.object({
      orderId: z.string().uuid(),
      number: z.string(),
      customerId: z.string().uuid().nullable(),
      email: z.string().email(),
      currency: z.string().length(3),
      total: money,
      paymentMethod: z.enum(paymentMethods),
      reservationExpiresAt: z.string().nullable(),
      lines: z.array(z.object({ productId: z.string().uuid(), quantity: z.number().int().positive() })),
    }),
  },
  "order/status-changed": {
    version: 1,
    aggregate: "order",
    payload: z.object({
      orderId: z.string().uuid(),
      number: z.string(),
      from: orderStatus.nullable(),
      to: orderStatus,
      reason: z.string(),
      actor: z.string(),
    }),
  },
  "payment/status-changed": {
    version: 1,
    aggregate: "payment",
    payload: z.object({
      paymentId: z.string().uuid(),
      orderId: z.string().uuid(),
      intentId: z.string().nullable(),
      from: paymentStatus.nullable(),
      to: paymentStatus,
      reason: z.string(),
      /** The refund this move records (to partially_refunded / refunded); absent otherwise. */
      refund: z.object({ id: z.string().uuid(), kind: z.enum(refundKinds), amount: money, currency: z.string().length(3) }).nullish(),
    }),
  },
  "fulfillment/created": {
    version: 1,
    aggregate: "fulfillment",
    payload: z.object({
      fulfillmentId: z.string().uuid(),
      orderId: z.string().uuid(),
      warehouseId: z.string().uuid(),
      items: z.array(z.object({ productId: z.string().uuid(), quantity: z.number().int().positive() })),
    }),
  },
  "fulfillment/status-changed": {
    version: 1,
    aggregate: "fulfillment",
    payload: z.object({
      fulfillmentId: z.string().uuid(),
      orderId: z.string().uuid(),
      warehouseId: z.string().uuid(),
      from: z.enum(fulfillmentStatuses).nullable(),
      to: z.enum(fulfillmentStatuses),
      reason: z.string(),
      actor: z.string(),
    }),
  },
  "wave/released": {
    version: 1,
    aggregate: "wave",
    payload: z.object({
      waveId: z.string().uuid(),
      number: z.string(),
      warehouseId: z.string().uuid(),
      picklists: z.array(z.object({ picklistId: z.string().uuid(), number: z.string(), fulfillmentIds: z.array(z.string().uuid()), units: z.number().int() })),
    }),
  },
  "picklist/line-confirmed": {
    version: 1,
    aggregate: "picklist",
    payload: z.object({
      picklistId: z.string().uuid(),
      lineId: z.string().uuid(),
      fulfillmentId: z.string().uuid(),
      productId: z.string().uuid(),
      pickedQuantity: z.number().int().nonnegative(),
      status: z.enum(pickLineStatuses),
      shortReason: z.string().nullable(),
      actor: z.string(),
    }),
  },
  "order/units-cancelled": {
    version: 1,
    aggregate: "order",
    payload: z.object({
      orderId: z.string().uuid(),
      fulfillmentItemId: z.string().uuid(),
      productId: z.string().uuid(),
      units: z.number().int().positive(),
      /** What the customer paid for those units. */
      amount: money,
      currency: z.string().length(3),
      reason: z.string(),
    }),
  },
  "shipment/status-changed": {
    version: 1,
    aggregate: "shipment",
    payload: z.object({
      shipmentId: z.string().uuid(),
      fulfillmentId: z.string().uuid(),
      orderId: z.string().uuid(),
      carrier: z.string(),
      trackingNumber: z.string().nullable(),
      from: z.enum(shipmentStatuses).nullable(),
      to: z.enum(shipmentStatuses),
      reason: z.string(),
      actor: z.string(),
    }),
  },
  /** Ops asked to replay a failed compensation now; run by the same retry as the cron's (INT-P1-02). */
  "compensation/replay-requested": {
    version: 1,
    aggregate: "compensation",
    payload: z.object({
      compensationId: z.string().uuid(),
      requestedBy: z.string().uuid(),
    }),
  },
  "return/status-changed": {
    version: 1,
    aggregate: "return",
    payload: z.object({
      returnId: z.string().uuid(),
      number: z.string(),
      orderId: z.string().uuid(),
      kind: z.enum(returnKinds),
      from: z.enum(returnStatuses).nullable(),
      to: z.enum(returnStatuses),
      reason: z.string(),
      actor: z.string(),
    }),
  },
} as const;

export const domainEvents = domain;
export type DomainEventName = keyof typeof domain;
export type DomainEventPayload<N extends DomainEventName> = z.infer<(typeof domain)[N]["payload"]>;

type Envelope<N extends DomainEventName> = z.ZodObject<{ meta: typeof outboxMeta; payload: (typeof domain)[N]["payload"] }>;

/**
 * A catalog event as an Inngest trigger: the relay's envelope around its payload, and its version.
 * `new EventType` because eventType()'s no-transform check cannot be resolved for a generic name.
 */
function catalogEvent<N extends DomainEventName>(name: N): EventType<N, Envelope<N>> {
  const entry: (typeof domain)[N] = domain[name];
  const payload: (typeof domain)[N]["payload"] = entry.payload;
  return new EventType({ name, schema: z.object({ meta: outboxMeta, payload }), version: String(entry.version) });
}

export const customerRegistered = catalogEvent("customer/registered");
export const customerPasswordResetRequested = catalogEvent("customer/password-reset-requested");
export const customerEmailChangeRequested = catalogEvent("customer/email-change-requested");
export const orderPlaced = catalogEvent("order/placed");
export const orderStatusChanged = catalogEvent("order/status-changed");
export const paymentStatusChanged = catalogEvent("payment/status-changed");
export const fulfillmentStatusChanged = catalogEvent("fulfillment/status-changed");
export const orderUnitsCancelled = catalogEvent("order/units-cancelled");
export const shipmentStatusChanged = catalogEvent("shipment/status-changed");
export const compensationReplayRequested = catalogEvent("compensation/replay-requested");
export const returnStatusChanged = catalogEvent("return/status-changed");

/** Sent after a transaction that wrote outbox rows commits, so the relay runs at once. */
export const outboxFlush = eventType("outbox/flush", { schema: z.object({ reason: z.string().optional() }) });
