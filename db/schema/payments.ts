import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { paymentStatuses, refundKinds, refundStatuses } from "@/server/vocabulary/payments";
import { orders } from "./orders";

export const paymentStatusEnum = pgEnum("payment_status", paymentStatuses);

/** One payment attempt of an order at the provider (a PaymentIntent). */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    /** 1, 2, ... when a customer retries with another card. */
    attempt: integer("attempt").notNull().default(1),
    provider: text("provider").notNull(),
    intentId: text("intent_id"),
    status: paymentStatusEnum("status").notNull().default("pending"),
    currency: text("currency").notNull(),
    amount: numeric("amount", { precision: 19, scale: 4 }).notNull(),
    amountCapturable: numeric("amount_capturable", { precision: 19, scale: 4 }).notNull().default("0"),
    amountReceived: numeric("amount_received", { precision: 19, scale: 4 }).notNull().default("0"),
    /** The card paid with, as the provider describes it (visa, mastercard, ...); never the number. */
    cardBrand: text("card_brand"),
    cardLast4: text("card_last4"),
    lastError: jsonb("last_error").$type<{ code: string; declineCode?: string; message: string }>(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payments_intent_uq").on(t.provider, t.intentId),
    uniqueIndex("payments_order_attempt_uq").on(t.orderId, t.attempt),
    index("payments_order_idx").on(t.orderId),
    check("payments_amount_non_negative", sql`${t.amount} >= 0`),
  ],
);

export const paymentStatusHistory = pgTable(
  "payment_status_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    fromStatus: paymentStatusEnum("from_status"),
    toStatus: paymentStatusEnum("to_status").notNull(),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("payment_status_history_payment_idx").on(t.paymentId, t.createdAt)],
);

/** Every inbound webhook event, once: the primary key makes a redelivery a no-op (PAY-P0-02). */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    /** applied | ignored (unknown type, or nothing to change) */
    outcome: text("outcome").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

export type Payment = typeof payments.$inferSelect;

export const refundKindEnum = pgEnum("refund_kind", refundKinds);
export const refundStatusEnum = pgEnum("refund_status", refundStatuses);

/** The units of one order line a refund pays back, and its share of the refund. */
export type RefundLine = { orderItemId: string; units: number; amount: string };

/**
 * Every refund of an order, claimed (pending) under the order's row lock before the provider is
 * asked, so concurrent refunds see each other and never give back more than was paid. `reference`
 * names it in the gateway's idempotency key (`short:<item>:<n>`, `return:<id>`, `full`); a
 * cash-on-delivery refund has no payment. `lines` is empty for the rest of a whole-order cancel.
 */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    paymentId: uuid("payment_id").references(() => payments.id),
    kind: refundKindEnum("kind").notNull(),
    reference: text("reference").notNull(),
    status: refundStatusEnum("status").notNull().default("pending"),
    currency: text("currency").notNull(),
    amount: numeric("amount", { precision: 19, scale: 4 }).notNull(),
    lines: jsonb("lines").$type<RefundLine[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    succeededAt: timestamp("succeeded_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("refunds_order_reference_uq").on(t.orderId, t.reference), check("refunds_amount_non_negative", sql`${t.amount} >= 0`)],
);

export type Refund = typeof refunds.$inferSelect;
