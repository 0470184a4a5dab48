import { eq, sql } from "drizzle-orm";
import { createDb, type Db, type DbOrTx, type Tx } from "@/db/client";
import {
  sandboxIdempotencyReplies,
  sandboxPaymentIntents,
  sandboxPaymentMethods,
  type SandboxPaymentIntentRow,
  type SandboxStoredError,
  type SandboxStoredResult,
} from "@/db/schema";
import { transaction } from "@/db/transaction";
import { databaseUrl, env } from "@/server/env";
import { type SandboxIntent } from "./sandbox-objects";
import { GatewayError } from "./types";

/*
 * Where the payment sandbox keeps what Stripe keeps on its side (db/schema/payment-sandbox.ts):
 * its intents and its idempotent answers, read and written in transactions with row locks, so
 * any number of processes on the same database act as one provider.
 */

// The provider's own connections, apart from the app's pool: the webhook route re-reads the
// intent while its transaction holds an app connection, so sharing one pool could exhaust it
// under a burst of webhooks and wait forever. The app's database timeouts apply: a request
// waiting too long on another with the same key fails as the provider being unavailable.
const holder = globalThis as unknown as { __depotSandboxDb?: Db };

export function sandboxDb(): Db {
  holder.__depotSandboxDb ??= createDb(databaseUrl(), { max: 5, timeouts: env().database.timeouts }).db;
  return holder.__depotSandboxDb;
}

export function intentFromRow(row: SandboxPaymentIntentRow): SandboxIntent {
  return {
    id: row.id,
    object: "payment_intent",
    created: Math.floor(row.createdAt.getTime() / 1000),
    capture_method: "manual",
    description: row.description,
    receipt_email: row.receiptEmail,
    latest_charge: row.latestCharge,
    livemode: false,
    amount: row.amount,
    amount_capturable: row.amountCapturable,
    amount_received: row.amountReceived,
    amountRefunded: row.amountRefunded,
    currency: row.currency,
    metadata: row.metadata,
    status: row.status,
    last_payment_error: row.lastPaymentError,
  };
}

export type SandboxPaymentMethod = typeof sandboxPaymentMethods.$inferInsert;

export async function insertPaymentMethod(db: DbOrTx, method: SandboxPaymentMethod): Promise<void> {
  await db.insert(sandboxPaymentMethods).values(method);
}

export async function findPaymentMethod(db: DbOrTx, id: string): Promise<typeof sandboxPaymentMethods.$inferSelect | undefined> {
  const [row] = await db.select().from(sandboxPaymentMethods).where(eq(sandboxPaymentMethods.id, id));
  return row;
}

/** The intent, locked for the rest of the transaction when `lock` is set; undefined if unknown. */
export async function findIntent(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<SandboxIntent | undefined> {
  const query = db.select().from(sandboxPaymentIntents).where(eq(sandboxPaymentIntents.id, id));
  const [row] = options.lock ? await query.for("update") : await query;
  return row ? intentFromRow(row) : undefined;
}

export async function insertIntent(tx: Tx, intent: SandboxIntent): Promise<void> {
  await tx.insert(sandboxPaymentIntents).values({
    id: intent.id,
    createdAt: new Date(intent.created * 1000),
    description: intent.description,
    receiptEmail: intent.receipt_email,
    latestCharge: intent.latest_charge,
    amount: intent.amount,
    currency: intent.currency,
    metadata: intent.metadata,
    ...changingFields(intent),
  });
}

/** Writes what an operation may change on an intent (locked with `findIntent(..., { lock: true })`). */
export async function saveIntent(tx: Tx, intent: SandboxIntent): Promise<void> {
  await tx
    .update(sandboxPaymentIntents)
    .set({ ...changingFields(intent), updatedAt: sql`now()` })
    .where(eq(sandboxPaymentIntents.id, intent.id));
}

function changingFields(intent: SandboxIntent) {
  const error = intent.last_payment_error;
  return {
    status: intent.status,
    amountCapturable: intent.amount_capturable,
    amountReceived: intent.amount_received,
    amountRefunded: intent.amountRefunded,
    lastPaymentError: error ? { code: error.code ?? "unknown", decline_code: error.decline_code ?? null, message: error.message ?? "" } : null,
  };
}

function storedError(error: GatewayError): SandboxStoredError {
  return {
    kind: error.kind,
    message: error.message,
    retriable: error.retriable,
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.declineCode === undefined ? {} : { declineCode: error.declineCode }),
    ...(error.intentId === undefined ? {} : { intentId: error.intentId }),
    ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
  };
}

function gatewayErrorOf(stored: SandboxStoredError): GatewayError {
  const { kind, message, ...details } = stored;
  return new GatewayError(kind, message, details);
}

/** The committed answer to a key, and whether it was stored by an earlier request. */
export type Idempotent = { result: SandboxStoredResult; replayed: boolean };

/**
 * Runs `operation` once per idempotency key, like Stripe: the same key with the same parameters
 * gets the stored answer (or the stored decline) again, with other parameters
 * `idempotency_key_in_use`. The key's row is inserted before the operation, in its transaction,
 * so a concurrent request with the key — from any connection or process — waits on that row
 * until the first commits, then reads its answer: one effect, one answer. A decline is a stored
 * result (committed with the declined intent); any other error rolls the request back, key
 * included, as a request refused before any effect is not stored.
 */
export async function idempotent(db: Db, key: string, params: unknown, operation: (tx: Tx) => Promise<unknown>): Promise<Idempotent> {
  const fingerprint = JSON.stringify(params);
  return transaction(async (tx): Promise<Idempotent> => {
    const claimed = await tx
      .insert(sandboxIdempotencyReplies)
      .values({ key, fingerprint })
      .onConflictDoNothing()
      .returning({ key: sandboxIdempotencyReplies.key });
    if (claimed.length === 0) return { result: await priorResult(tx, key, fingerprint), replayed: true };

    let outcome: SandboxStoredResult;
    try {
      outcome = { ok: true, value: await operation(tx) };
    } catch (error) {
      if (!(error instanceof GatewayError && error.kind === "declined")) throw error;
      outcome = { ok: false, error: storedError(error) };
    }
    await tx.update(sandboxIdempotencyReplies).set({ result: outcome }).where(eq(sandboxIdempotencyReplies.key, key));
    return { result: outcome, replayed: false };
  }, db);
}

/** The stored answer as the caller gets it: the value, or the stored decline thrown. */
export function unwrap<T>(result: SandboxStoredResult): T {
  if (!result.ok) throw gatewayErrorOf(result.error);
  return result.value as T;
}

async function priorResult(tx: Tx, key: string, fingerprint: string): Promise<SandboxStoredResult> {
  // The conflicting row is committed (the insert waited for its transaction), hence complete.
  const [prior] = await tx.select().from(sandboxIdempotencyReplies).where(eq(sandboxIdempotencyReplies.key, key));
  if (prior?.fingerprint !== fingerprint) {
    throw new GatewayError(
      "invalid",
      `Keys for idempotent requests can only be used with the same parameters they were first used with (key ${key}).`,
      { code: "idempotency_key_in_use" },
    );
  }
  if (!prior.result) throw new GatewayError("unavailable", `A request with the idempotency key ${key} is still in progress.`, { retriable: true });
  return prior.result;
}
