import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/*
 * The payment sandbox's own state: what Stripe keeps on its side when no Stripe key is set.
 * Written only by the sandbox gateway (server/payments/gateway/sandbox-*); the rest of Depot
 * sees it only through the PaymentGateway calls, exactly as it sees Stripe. Kept in PostgreSQL
 * so that a restart of the process forgets no intent, no idempotent answer and no webhook.
 */

/**
 * A sandbox PaymentIntent. Amounts are integer minor units, as Stripe counts them (5448 = 54.48
 * USD): the provider's own representation, never a decimal amount of ours.
 */
export const sandboxPaymentIntents = pgTable(
  "sandbox_payment_intents",
  {
    id: text("id").primaryKey(),
    /** Stripe's PaymentIntent status (requires_capture, succeeded, canceled, ...). */
    status: text("status").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    amountCapturable: bigint("amount_capturable", { mode: "number" }).notNull().default(0),
    amountReceived: bigint("amount_received", { mode: "number" }).notNull().default(0),
    amountRefunded: bigint("amount_refunded", { mode: "number" }).notNull().default(0),
    /** Lower case, like Stripe ("usd"). */
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    receiptEmail: text("receipt_email").notNull(),
    latestCharge: text("latest_charge").notNull(),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull(),
    lastPaymentError: jsonb("last_payment_error").$type<{ code: string; decline_code: string | null; message: string }>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "sandbox_payment_intents_amounts",
      sql`${t.amountCapturable} >= 0 and ${t.amountCapturable} <= ${t.amount} and ${t.amountReceived} >= 0 and ${t.amountReceived} <= ${t.amount} and ${t.amountRefunded} >= 0 and ${t.amountRefunded} <= ${t.amountReceived}`,
    ),
  ],
);

/**
 * What the sandbox answered to an idempotency key, like Stripe's stored responses: the same key
 * with the same parameters gets this answer again, with other parameters `idempotency_key_in_use`.
 * The row is inserted first, in the transaction that performs the request, so concurrent requests
 * with one key wait for the first to commit and then read its answer. `result` is null only
 * inside that transaction; a request refused before any effect rolls back and leaves no row.
 */
export const sandboxIdempotencyReplies = pgTable("sandbox_idempotency_replies", {
  key: text("key").primaryKey(),
  /** The request's parameters, serialized. */
  fingerprint: text("fingerprint").notNull(),
  result: jsonb("result").$type<SandboxStoredResult>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SandboxStoredError = {
  kind: "declined" | "card_invalid" | "invalid" | "timeout" | "unavailable" | "circuit_open";
  message: string;
  retriable: boolean;
  code?: string;
  declineCode?: string;
  intentId?: string;
  statusCode?: number;
};
export type SandboxStoredResult = { ok: true; value: unknown } | { ok: false; error: SandboxStoredError };

export const sandboxWebhookStatusEnum = pgEnum("sandbox_webhook_status", ["pending", "delivered", "failed"]);

/**
 * Every webhook the sandbox owes its endpoint, written in the transaction of the change it
 * reports, so a crash between the change and the delivery loses nothing. `next_attempt_at` is the
 * lease of the process delivering it: a pending row past it belonged to a process that died, and
 * the next sandbox on the same endpoint delivers it.
 */
export const sandboxWebhookDeliveries = pgTable(
  "sandbox_webhook_deliveries",
  {
    /** The event id (evt_sandbox_...): the receiver dedupes on it, so a second delivery is harmless. */
    id: text("id").primaryKey(),
    url: text("url").notNull(),
    type: text("type").notNull(),
    /** The exact JSON body sent (signed afresh on every try). */
    body: text("body").notNull(),
    /** pending (owed), delivered (2xx), failed (every try of its last delivery run failed). */
    status: sandboxWebhookStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("sandbox_webhook_deliveries_pending_idx").on(t.url, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

export type SandboxPaymentIntentRow = typeof sandboxPaymentIntents.$inferSelect;

/**
 * A card the sandbox turned into a PaymentMethod (what `stripe.createPaymentMethod` makes at
 * Stripe): its brand, last four digits and expiry, and how authorizing with it goes, never the
 * number itself.
 */
export const sandboxPaymentMethods = pgTable("sandbox_payment_methods", {
  id: text("id").primaryKey(),
  brand: text("brand").notNull(),
  last4: text("last4").notNull(),
  expMonth: integer("exp_month").notNull(),
  expYear: integer("exp_year").notNull(),
  /** The test card's outcome (sandbox-cards.ts): authorized, declined with a code, slow. */
  outcome: jsonb("outcome").$type<SandboxCardOutcome>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SandboxCardOutcome =
  | { kind: "authorized" }
  | { kind: "declined"; code: string; declineCode?: string; message: string }
  | { kind: "slow" };
