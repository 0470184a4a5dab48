import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, orders } from "@/db/schema";
import { isBigintText } from "@/server/lib/db-values";
import { cursorTimestamp, decodeCursor, encodeCursor } from "@/server/lib/keyset-cursor";

export type AuditSearch = {
  /** Words to find in the action, target (its id or its label: P10001, a SKU), actor email and reason (web-search syntax: "quoted", -not, or). */
  q?: string;
  actorEmail?: string;
  /** An action ("compensation.replay") or its domain ("compensation" → every compensation.* action). */
  action?: string;
  orderNumber?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
};

/**
 * The audit log, newest first, keyset-paginated on (created_at desc, id desc). Free text runs
 * over the generated `search` tsvector (GIN index) with the 'simple' configuration, so ids,
 * emails and order numbers match as typed.
 */
export async function searchAudit(db: DbOrTx, search: AuditSearch) {
  const limit = Math.min(Math.max(search.limit, 1), 200);
  const q = search.q?.trim();
  const action = search.action?.trim().toLowerCase();
  const email = search.actorEmail?.trim().toLowerCase();
  const orderNumber = search.orderNumber?.trim().toUpperCase();
  const conditions: (SQL | undefined)[] = [
    q ? sql`${auditLog.search} @@ websearch_to_tsquery('simple', ${q})` : undefined,
    email ? sql`lower(${auditLog.actorEmail}) = ${email}` : undefined,
    action ? sql`(${auditLog.action} = ${action} or ${auditLog.action} like ${`${action.replace(/[\\%_]/g, "\\$&")}.%`})` : undefined,
    orderNumber ? sql`${auditLog.orderId} = (select ${orders.id} from ${orders} where ${orders.number} = ${orderNumber})` : undefined,
    search.from ? gte(auditLog.createdAt, search.from) : undefined,
    search.to ? lt(auditLog.createdAt, search.to) : undefined,
  ];
  if (search.cursor) {
    const cursor = decodeCursor(search.cursor, isBigintText);
    conditions.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::bigint)`);
  }
  const rows = await db
    .select({
      id: sql<string>`${auditLog.id}::text`,
      createdAt: auditLog.createdAt,
      actorEmail: auditLog.actorEmail,
      actorRole: auditLog.actorRole,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      targetLabel: auditLog.targetLabel,
      orderId: auditLog.orderId,
      orderNumber: orders.number,
      reason: auditLog.reason,
      details: auditLog.details,
      cursorAt: cursorTimestamp(auditLog.createdAt),
    })
    .from(auditLog)
    .leftJoin(orders, eq(orders.id, auditLog.orderId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _cursor, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

export type AuditSearchResult = Awaited<ReturnType<typeof searchAudit>>;
export type AuditRow = AuditSearchResult["items"][number];
