import { sql, type SQL } from "drizzle-orm";
import { isTimestampText } from "./db-values";
import { DomainError } from "./errors";

/**
 * Keyset pagination on (created_at desc, id desc). The cursor carries the timestamp at
 * PostgreSQL's microsecond precision (a JS Date would round it to milliseconds and skip or repeat
 * rows created within the same millisecond).
 */
export type KeysetCursor = { createdAt: string; id: string };

/** The selected column that becomes a row's cursor timestamp: UTC text with microseconds. */
export function cursorTimestamp(column: SQL | unknown): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, "utf8").toString("base64url");
}

/** A cursor from the browser: refused unless both parts are values the database takes (a tampered link is bad input, not a 500). */
export function decodeCursor(value: string, isId: (id: string) => boolean): KeysetCursor {
  const [createdAt, id, ...rest] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (rest.length > 0 || !createdAt || !id || !isTimestampText(createdAt) || !isId(id)) {
    throw new DomainError("INVALID_INPUT", "That page link is no longer valid. Start from the first page.");
  }
  return { createdAt, id };
}

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
