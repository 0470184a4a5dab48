import { inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { failedCompensations } from "@/db/schema";
import { compensationLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { emit } from "@/server/outbox";
import { tryRunning } from "./retry";

/**
 * A requested replay that has not run yet holds the row this long: no second request, and the
 * cron leaves it alone. Should its event be lost, the cron takes the row after this.
 */
export const REPLAY_QUEUED_SECONDS = 600;

export type ReplayOutcome = "queued" | "already_resolved" | "discarded" | "in_progress" | "not_found";
export type ReplayResult = { id: string; outcome: ReplayOutcome };

/**
 * Ops replay failed compensations now (INT-P1-02): each replayable row (pending or exhausted) is
 * marked as requested, audited, and a `compensation/replay-requested` event is written to the
 * outbox; the `compensation-replay` function then runs the very retry the cron runs. The rows are
 * locked (in id order, so two bulk replays cannot deadlock), and a row whose requested replay has
 * not run yet, or whose try is running right now, is not queued again: a double click, or two
 * operators at once, is one replay. Once that try has finished, a new request is a new replay.
 * Returns one result per id, in the order asked.
 */
export async function replayCompensations(tx: Tx, ids: readonly string[], user: SessionUser): Promise<ReplayResult[]> {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return [];
  const replay = sql`${failedCompensations.metadata} -> 'replay'`;
  const rows = await tx
    .select({
      id: failedCompensations.id,
      status: failedCompensations.status,
      orderId: failedCompensations.orderId,
      operation: failedCompensations.operation,
      attempts: failedCompensations.attempts,
      running: tryRunning,
      waiting: sql<boolean>`coalesce((${replay} ->> 'queued')::boolean and (${replay} ->> 'requestedAt')::timestamptz > clock_timestamp() - make_interval(secs => ${REPLAY_QUEUED_SECONDS}), false)`,
    })
    .from(failedCompensations)
    .where(inArray(failedCompensations.id, unique))
    .orderBy(failedCompensations.id)
    .for("update");

  const outcomes = new Map<string, ReplayOutcome>();
  for (const row of rows) {
    if (row.status === "resolved") outcomes.set(row.id, "already_resolved");
    else if (row.status === "discarded") outcomes.set(row.id, "discarded");
    else if (row.waiting || row.running) outcomes.set(row.id, "in_progress");
    else {
      await tx
        .update(failedCompensations)
        .set({
          // An exhausted row goes back to pending for this try; its attempts continue.
          status: "pending",
          nextAttemptAt: sql`now() + make_interval(secs => ${REPLAY_QUEUED_SECONDS})`,
          metadata: sql`${failedCompensations.metadata} || jsonb_build_object('replay', jsonb_build_object('requestedAt', clock_timestamp(), 'requestedBy', ${user.id}::text, 'queued', true))`,
          updatedAt: sql`now()`,
        })
        .where(sql`${failedCompensations.id} = ${row.id}`);
      await recordAudit(tx, user, {
        action: "compensation.replay",
        targetType: "failed_compensation",
        targetId: row.id,
        targetLabel: await compensationLabel(tx, row),
        orderId: row.orderId,
        details: { fromStatus: row.status, attempts: row.attempts },
      });
      await emit(tx, { name: "compensation/replay-requested", aggregateId: row.id, payload: { compensationId: row.id, requestedBy: user.id } });
      outcomes.set(row.id, "queued");
    }
  }
  return [...new Set(ids)].map((id) => ({ id, outcome: outcomes.get(id) ?? "not_found" }));
}
