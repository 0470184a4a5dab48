import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { databaseUrl, env } from "@/server/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; domain functions take `DbOrTx` so callers can share one transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type DbHandle = { db: Db; sql: postgres.Sql; close: () => Promise<void> };

/** Server-side limits set on each connection at start (milliseconds; 0 = none). */
export type DbTimeouts = { statementMs: number; lockMs: number; idleInTransactionMs: number };

export function createDb(url: string, options: { max?: number; timeouts?: DbTimeouts } = {}): DbHandle {
  const timeouts = options.timeouts;
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Our sequences/positions are JS numbers; bigint columns use mode "bigint" explicitly.
    connection: {
      application_name: "depot",
      ...(timeouts && {
        statement_timeout: timeouts.statementMs,
        lock_timeout: timeouts.lockMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      }),
    },
  });
  const db = drizzle(sql, { schema, casing: "snake_case" });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

// One pool per process; kept on globalThis so Next's dev reloads do not leak pools.
const holder = globalThis as unknown as { __depotDb?: DbHandle };

/**
 * The app's pool. Its connections carry the DB_* timeouts, so one stuck query or a transaction
 * left open cannot hold rows or connections for long (issue 11, item 12).
 */
export function getDbHandle(): DbHandle {
  holder.__depotDb ??= createDb(databaseUrl(), { timeouts: env().database.timeouts });
  return holder.__depotDb;
}

export function db(): Db {
  return getDbHandle().db;
}
