import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias, unionAll } from "drizzle-orm/pg-core";
import { compensationOperations, compensationStatuses, type CompensationOperation, type CompensationStatus } from "@/server/vocabulary/compensations";
import type { DbOrTx } from "@/db/client";
import { compensationAttempts, failedCompensations, orders, users } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { cursorTimestamp, decodeCursor, encodeCursor, isUuid } from "@/server/lib/keyset-cursor";

export type CompensationFilter = {
  operation?: CompensationOperation;
  status?: CompensationStatus;
  /** Only rows created more than this many hours ago. */
  olderThanHours?: number;
  orderNumber?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
};

const fc = failedCompensations;
const replay = sql`${fc.metadata} -> 'replay'`;
/** A replay was requested and no try has finished since. */
const replayPending = sql<boolean>`coalesce(failed_compensations.status = 'pending' and ${replay} ? 'requestedAt' and not exists (
  select 1 from compensation_attempts a where a.compensation_id = failed_compensations.id and a.created_at >= (${replay} ->> 'requestedAt')::timestamptz), false)`;

const listColumns = {
  id: fc.id,
  operation: fc.operation,
  status: fc.status,
  orderId: fc.orderId,
  orderNumber: orders.number,
  attempts: fc.attempts,
  lastError: fc.lastError,
  nextAttemptAt: fc.nextAttemptAt,
  createdAt: fc.createdAt,
  updatedAt: fc.updatedAt,
  discardReason: fc.discardReason,
  replayPending,
  cursorAt: cursorTimestamp(fc.createdAt),
};

export function normalizeOrderNumber(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * The DLQ list, newest first, keyset-paginated on (created_at desc, id desc): each page is an
 * index range scan of failed_compensations_list_idx (status and operation given) or
 * failed_compensations_created_idx, however deep the page, with 100,000 rows or more.
 */
export async function listCompensations(db: DbOrTx, filter: CompensationFilter) {
  const limit = Math.min(Math.max(filter.limit, 1), 200);
  const conditions: (SQL | undefined)[] = [
    filter.operation ? eq(fc.operation, filter.operation) : undefined,
    filter.status ? eq(fc.status, filter.status) : undefined,
    filter.olderThanHours ? lt(fc.createdAt, sql`now() - make_interval(hours => ${Math.floor(filter.olderThanHours)})`) : undefined,
    filter.orderNumber ? sql`${fc.orderId} = (select ${orders.id} from ${orders} where ${orders.number} = ${normalizeOrderNumber(filter.orderNumber)})` : undefined,
  ];
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor, isUuid);
    conditions.push(sql`(${fc.createdAt}, ${fc.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  }
  const page = (extra?: SQL) =>
    db
      .select(listColumns)
      .from(fc)
      .leftJoin(orders, eq(orders.id, fc.orderId))
      .where(and(...conditions, extra))
      .orderBy(desc(fc.createdAt), desc(fc.id))
      .limit(limit + 1);
  // failed_compensations_list_idx is (status, operation, created_at, id): with only one of the two
  // given, one ordered range scan per value of the other, merged, beats filtering the whole
  // created_at index for a rare status (exhausted, discarded).
  const split =
    filter.orderNumber || (!filter.status && !filter.operation) || (filter.status && filter.operation)
      ? undefined
      : filter.status
        ? compensationOperations.map((operation) => page(eq(fc.operation, operation)))
        : compensationStatuses.map((status) => page(eq(fc.status, status)));
  const rows = split
    ? await unionAll(split[0]!, split[1]!, ...split.slice(2))
        .orderBy(desc(fc.createdAt), desc(fc.id))
        .limit(limit + 1)
    : await page();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ cursorAt: _cursor, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

export type CompensationListItem = Awaited<ReturnType<typeof listCompensations>>["items"][number];

/** One failed compensation with its metadata, order number, who discarded it, and every attempt (`attemptHistory`, newest first). */
export async function compensationDetail(db: DbOrTx, id: string) {
  const discardedBy = alias(users, "discarded_by_user");
  const [row] = await db
    .select({
      ...listColumns,
      metadata: fc.metadata,
      discardedByEmail: discardedBy.email,
    })
    .from(fc)
    .leftJoin(orders, eq(orders.id, fc.orderId))
    .leftJoin(discardedBy, eq(discardedBy.id, fc.discardedBy))
    .where(eq(fc.id, id));
  if (!row) throw new DomainError("NOT_FOUND", "There is no such failed compensation.");
  const attemptHistory = await db
    .select({
      id: sql<string>`${compensationAttempts.id}::text`,
      attempt: compensationAttempts.attempt,
      trigger: compensationAttempts.trigger,
      actorEmail: users.email,
      outcome: compensationAttempts.outcome,
      error: compensationAttempts.error,
      createdAt: compensationAttempts.createdAt,
    })
    .from(compensationAttempts)
    .leftJoin(users, eq(users.id, compensationAttempts.actorId))
    .where(eq(compensationAttempts.compensationId, id))
    .orderBy(desc(compensationAttempts.attempt), desc(compensationAttempts.id));
  const { cursorAt: _cursor, ...rest } = row;
  return { ...rest, attemptHistory };
}

export type CompensationDetail = Awaited<ReturnType<typeof compensationDetail>>;

/** Where replays stand, for the console's progress: status, the last try's outcome, and whether a replay still has to run. */
export async function compensationProgress(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: fc.id,
      status: fc.status,
      attempts: fc.attempts,
      lastError: fc.lastError,
      replayPending,
      lastOutcome: sql<string | null>`(select a.outcome from compensation_attempts a where a.compensation_id = failed_compensations.id order by a.attempt desc, a.id desc limit 1)`,
    })
    .from(fc)
    .where(inArray(fc.id, [...ids]));
}

export type CompensationProgress = Awaited<ReturnType<typeof compensationProgress>>[number];

/** How many failed compensations there are, by operation and status (the ops dashboard). */
export async function compensationCounts(db: DbOrTx): Promise<{ operation: CompensationOperation; status: CompensationStatus; count: number }[]> {
  return db
    .select({ operation: fc.operation, status: fc.status, count: sql<number>`count(*)::int` })
    .from(fc)
    .groupBy(fc.operation, fc.status)
    .orderBy(fc.operation, fc.status);
}
