import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { compensationAttempts, failedCompensations, type FailedCompensation } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";

/** After this many attempts a compensation is exhausted and ops are alerted. */
export const MAX_COMPENSATION_ATTEMPTS = 10;

export type RetryOutcome = "resolved" | "retry_later" | "exhausted";

export type RetryTrigger = "cron" | "replay";
export type RetryOptions = {
  /** Ignore `next_attempt_at` (a replay runs now). */
  force?: boolean;
  /** Who asked: the cron (default) or an operator's replay, recorded on the attempt. */
  trigger?: RetryTrigger;
  /** The operator of a replay. */
  actorId?: string | null;
};

/**
 * A replay request leaves `metadata.replay = {requestedAt, requestedBy, queued: true}` on the row
 * (server/compensations/replay.ts). Only a replay run finding `queued` may claim it, and any claim
 * clears it, so one request is at most one try however often its event is delivered.
 */
const fcMetadata = failedCompensations.metadata;
const replayQueued = sql`coalesce((${fcMetadata} -> 'replay' ->> 'queued')::boolean, false)`;
const clearReplayQueued = sql`case when ${fcMetadata} ? 'replay' then jsonb_set(${fcMetadata}, '{replay,queued}', 'false'::jsonb) else ${fcMetadata} end`;

/**
 * A claimed try marks the row `metadata.running = {since, trigger}` until it has finished: no
 * other try (a replay's `force` ignores next_attempt_at) and no replay request takes a row whose
 * operation is in flight. A try lost with its process frees the row after this lease.
 */
export const CLAIM_LEASE_SECONDS = 900;
export const tryRunning = sql<boolean>`coalesce((${fcMetadata} -> 'running' ->> 'since')::timestamptz > clock_timestamp() - make_interval(secs => ${CLAIM_LEASE_SECONDS}), false)`;

/**
 * Tries one compensation now (its operation is `perform`, server/ops/retry-compensation.ts): claimed by pushing its next attempt out and marking the try as
 * running (so a second retrier skips it), then performed; success resolves it, failure
 * reschedules it with backoff, and the last failure marks it exhausted and alerts ops. Every try,
 * the cron's or an operator's replay, leaves a `compensation_attempts` row with its outcome and
 * error.
 */
/** Runs one compensation's operation; every operation is idempotent (keys, guarded rows). */
export type PerformCompensation = (row: FailedCompensation) => Promise<void>;

export async function tryCompensation(db: Db, id: string, perform: PerformCompensation, options: RetryOptions = {}): Promise<RetryOutcome | "not_due"> {
  const trigger = options.trigger ?? "cron";
  const [claimed] = await db
    .update(failedCompensations)
    .set({
      attempts: sql`${failedCompensations.attempts} + 1`,
      // Backoff 1, 2, 4, 8 ... minutes, capped at 6 hours.
      nextAttemptAt: sql`now() + make_interval(mins => least(power(2, least(${failedCompensations.attempts}, 16))::int, 360))`,
      metadata: sql`(${clearReplayQueued}) || jsonb_build_object('running', jsonb_build_object('since', clock_timestamp(), 'trigger', ${trigger}::text))`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(failedCompensations.id, id),
        eq(failedCompensations.status, "pending"),
        sql`not ${tryRunning}`,
        options.force ? undefined : lte(failedCompensations.nextAttemptAt, sql`now()`),
        trigger === "replay" ? replayQueued : undefined,
      ),
    )
    .returning();
  if (!claimed) return "not_due";
  const attempt = { compensationId: id, attempt: claimed.attempts, trigger, actorId: trigger === "replay" ? (options.actorId ?? null) : null };
  const done = sql`${fcMetadata} - 'running'`;
  try {
    await perform(claimed);
    await transaction(async (tx) => {
      await tx.update(failedCompensations).set({ status: "resolved", metadata: done, updatedAt: sql`now()` }).where(eq(failedCompensations.id, id));
      await tx.insert(compensationAttempts).values({ ...attempt, outcome: "resolved" });
    }, db);
    return "resolved";
  } catch (error) {
    const message = failureMessage(error).slice(0, 2000);
    const exhausted = claimed.attempts >= MAX_COMPENSATION_ATTEMPTS;
    await transaction(async (tx) => {
      await tx
        .update(failedCompensations)
        .set({
          lastError: message,
          // Still pending unless ops discarded it meanwhile (a discard stands; a success above is the truth).
          status: sql`case when ${failedCompensations.status} = 'pending' then ${exhausted ? "exhausted" : "pending"}::compensation_status else ${failedCompensations.status} end`,
          metadata: done,
          updatedAt: sql`now()`,
        })
        .where(eq(failedCompensations.id, id));
      await tx.insert(compensationAttempts).values({ ...attempt, outcome: exhausted ? "exhausted" : "failed", error: message });
      // Alert once, when it first runs out of attempts; a failed replay of an exhausted row is
      // seen by the operator who asked for it.
      if (exhausted && claimed.attempts === MAX_COMPENSATION_ATTEMPTS) {
        await raiseAlert(tx, {
          kind: "compensation_exhausted",
          severity: "critical",
          message: `${claimed.operation} for order ${claimed.orderId ?? "?"} failed ${claimed.attempts} times: ${message}`,
          orderId: claimed.orderId,
          details: { compensationId: id, metadata: claimed.metadata },
        });
      }
    }, db);
    return exhausted ? "exhausted" : "retry_later";
  }
}

/** The due compensations, oldest first. */
export async function dueCompensations(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: failedCompensations.id })
    .from(failedCompensations)
    .where(and(eq(failedCompensations.status, "pending"), lte(failedCompensations.nextAttemptAt, sql`now()`)))
    .orderBy(failedCompensations.nextAttemptAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * What ops read for a failed attempt: the root cause first. A failed SQL statement arrives
 * wrapped ("Failed query: update ...") with the database's own message as its cause.
 */
export function failureMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  if (!cause || error.message.includes(cause)) return error.message;
  return `${cause} (${error.message.split("\n")[0]})`;
}
