import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { OrderStatus } from "@/server/vocabulary/orders";
import type { DbOrTx } from "@/db/client";
import { orderItems, orders } from "@/db/schema";
import { EARLIEST_DATE, isTimestampText } from "@/server/lib/db-values";
import { DomainError } from "@/server/lib/errors";
import { isUuid } from "@/server/lib/keyset-cursor";

/**
 * Ops order search (OR-1-05): every criterion is answered by an index of `orders` or
 * `order_items`, and pages are keyset pages on (created_at desc, id desc), so page 500 costs what
 * page 1 costs on a million orders (bench/ops.ts measures it).
 */
export type OrderSearchInput = {
  /** An order number (D123456), an email (exact, any case) or words of the number, email or recipient's name. */
  q?: string;
  status?: OrderStatus;
  /** First day included, YYYY-MM-DD (UTC). */
  from?: string;
  /** Last day included, YYYY-MM-DD (UTC). */
  to?: string;
  /** Orders with a line of this SKU. */
  sku?: string;
  /** The `nextCursor` of the page before. */
  cursor?: string;
  limit: number;
};

export type OrderSearchRow = {
  id: string;
  number: string;
  status: OrderStatus;
  email: string;
  name: string;
  total: string;
  currency: string;
  createdAt: Date;
  /** Order lines and units ordered. */
  lines: number;
  units: number;
};

export type OrderSearchPage = { rows: OrderSearchRow[]; nextCursor: string | null };

export type SearchMatch = "number" | "email" | "text";

/**
 * The document searched by words: EXACTLY the expression of the GIN index orders_search_idx
 * (db/schema/orders.ts), or PostgreSQL would not use the index.
 */
export const orderSearchDocument = sql`to_tsvector('simple', ${orders.number} || ' ' || ${orders.email} || ' ' || coalesce(${orders.shippingAddress}->>'name', ''))`;

const NUMBER = /^D\d{1,12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** How a search text is matched: the order number, the email, or words (full text). */
export function classifyQuery(q: string): SearchMatch {
  const text = q.trim();
  if (NUMBER.test(text)) return "number";
  if (EMAIL.test(text)) return "email";
  return "text";
}

/**
 * The words of `q` as a tsquery: letters and digits only (so no tsquery syntax gets through),
 * all of them required, the last one also as a prefix when it has 3 characters or more ("ann
 * tes" finds Ann Tester while it is typed). Only the last: a prefix is answered by walking every
 * matching entry of the GIN index, and "ann:*" also matches the emails ann.…@… of every Ann
 * (bench/ops.ts: 20 ms instead of 0.3 ms on a million orders). Null when no word is left.
 */
export function wordsQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 && w.length >= 3 ? `${w}:*` : w)).join(" & ");
}

type CursorKey = { t: string; id: string };

/** The position after a row: its created_at to the microsecond (as text) and its id, opaque to the browser. */
function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.t, key.id])).toString("base64url");
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [t, id] = parsed as unknown[];
      if (typeof t === "string" && typeof id === "string" && isTimestampText(t) && isUuid(id)) return { t, id };
    }
  } catch {
    // fall through to the refusal below
  }
  throw new DomainError("INVALID_INPUT", "This page of results is no longer valid. Search again from the first page.", { reason: "bad_cursor" });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayStart(day: string, field: "From" | "To"): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(date.getTime()) || date < EARLIEST_DATE || date.toISOString().slice(0, 10) !== day) {
    throw new DomainError("INVALID_INPUT", `${field} must be a date like 2025-01-31.`, { reason: "bad_date" });
  }
  return date;
}

/** created_at to the microsecond, in UTC: what the cursor keeps (a JS Date would drop the microseconds). */
const createdKey = sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function searchOrders(db: DbOrTx, input: OrderSearchInput): Promise<OrderSearchPage> {
  const limit = Math.min(Math.max(Math.trunc(input.limit), 1), 100);
  const where: SQL[] = [];

  const q = input.q?.trim();
  const match: SearchMatch | null = q ? classifyQuery(q) : null;
  if (q) {
    if (match === "number") where.push(eq(orders.number, q.toUpperCase()));
    else if (match === "email") where.push(sql`lower(${orders.email}) = ${q.toLowerCase()}`);
    else {
      const words = wordsQuery(q);
      if (!words) return { rows: [], nextCursor: null };
      where.push(sql`${orderSearchDocument} @@ to_tsquery('simple', ${words})`);
    }
  }
  if (input.status) where.push(eq(orders.status, input.status));
  if (input.from) where.push(gte(orders.createdAt, dayStart(input.from, "From")));
  if (input.to) {
    const end = dayStart(input.to, "To");
    end.setUTCDate(end.getUTCDate() + 1);
    where.push(lt(orders.createdAt, end));
  }
  if (input.from && input.to && input.from > input.to) {
    throw new DomainError("INVALID_INPUT", "From must be on or before To.", { reason: "bad_date_range" });
  }
  const sku = input.sku?.trim().toUpperCase();
  if (sku) {
    // order_items_sku_idx finds the lines; the semi-join keeps one row per order.
    where.push(sql`exists (select 1 from ${orderItems} where ${orderItems.orderId} = ${orders.id} and ${orderItems.sku} = ${sku})`);
  }
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    // A row comparison, so (created_at, id) walks orders_created_idx / orders_status_created_idx backwards.
    where.push(sql`(${orders.createdAt}, ${orders.id}) < (${after.t}::timestamptz, ${after.id}::uuid)`);
  }

  const found = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      email: orders.email,
      name: sql<string>`coalesce(${orders.shippingAddress}->>'name', '')`,
      total: orders.total,
      currency: orders.currency,
      createdAt: orders.createdAt,
      key: createdKey,
    })
    .from(orders)
    .where(and(...where))
    // Words: the GIN index finds the matching orders, then they are sorted. Ordered by the bare
    // created_at, PostgreSQL may instead walk orders_created_idx and compute to_tsvector for every
    // order until enough match, which its cost model underrates: 440 ms for a surname on a million
    // orders (bench/ops.ts) against a few ms through the index. The "+ 0 s" hides the btree order.
    .orderBy(match === "text" ? sql`${orders.createdAt} + interval '0 s' desc` : desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);

  const page = found.slice(0, limit);
  const counts = page.length
    ? await db
        .select({
          orderId: orderItems.orderId,
          lines: sql<number>`count(*)::int`,
          units: sql<number>`coalesce(sum(${orderItems.quantity}), 0)::int`,
        })
        .from(orderItems)
        .where(sql`${orderItems.orderId} in (${sql.join(
          page.map((r) => sql`${r.id}::uuid`),
          sql`, `,
        )})`)
        .groupBy(orderItems.orderId)
    : [];
  const byOrder = new Map(counts.map((c) => [c.orderId, c]));
  const last = page[page.length - 1];
  return {
    rows: page.map(({ key: _key, ...r }) => ({ ...r, lines: byOrder.get(r.id)?.lines ?? 0, units: byOrder.get(r.id)?.units ?? 0 })),
    nextCursor: found.length > limit && last ? encodeCursor({ t: last.key, id: last.id }) : null,
  };
}
