import { afterAll, describe, expect, it } from "vitest";
import { toTrpcError } from "@/server/trpc/errors";
import { databaseUrl, env } from "@/server/env";
import { createDb, getDbHandle, type DbHandle } from "./client";

const pools: DbHandle[] = [];
function pool(timeouts: { statementMs?: number; lockMs?: number; idleInTransactionMs?: number }) {
  const handle = createDb(databaseUrl(), { max: 2, timeouts: { statementMs: 0, lockMs: 0, idleInTransactionMs: 0, ...timeouts } });
  pools.push(handle);
  return handle;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

const codeOf = (promise: Promise<unknown>) => promise.then(() => "no error", (error: { code?: string }) => error.code);

describe("database timeouts (issue 11, item 12: one stuck query cannot hold rows or the pool)", () => {
  it("sets the DB_* timeouts on every connection of the app's pool", async () => {
    const { timeouts } = env().database;
    expect(timeouts).toEqual({ statementMs: 30_000, lockMs: 10_000, idleInTransactionMs: 60_000 });
    const [row] = await getDbHandle().sql<{ statement: string; lock: string; idle: string }[]>`
      select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock,
        current_setting('idle_in_transaction_session_timeout') as idle`;
    expect(row).toEqual({ statement: "30s", lock: "10s", idle: "1min" });
  });

  it("cancels a statement running longer than the statement timeout", async () => {
    const { sql } = pool({ statementMs: 150 });
    expect(await codeOf(sql`select pg_sleep(2)`)).toBe("57014");
    expect(await sql`select 1 as ok`).toEqual([{ ok: 1 }]);
  });

  it("gives up waiting for a row lock after the lock timeout", async () => {
    const holder = pool({});
    const waiter = pool({ lockMs: 150 });
    await waiter.sql`select 1`;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = holder.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(4711)`;
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(await codeOf(waiter.sql`select pg_advisory_xact_lock(4711)`)).toBe("55P03");
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
    await transaction;
  });

  it("ends a session left idle inside a transaction, releasing what it held", async () => {
    const careless = pool({ idleInTransactionMs: 200 });
    const other = pool({ lockMs: 3_000 });
    const abandoned = codeOf(
      careless.sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(4712)`;
        await new Promise((r) => setTimeout(r, 1_000));
        await tx`select 1`;
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    // The lock is held until the server ends the idle transaction, then it is free.
    expect(await codeOf(other.sql.begin((tx) => tx`select pg_advisory_xact_lock(4712)`))).toBe("no error");
    expect(await abandoned).toBe("CONNECTION_CLOSED");
  });

  it("tells the caller to try again on a database timeout instead of an internal error", () => {
    expect(toTrpcError({ code: "57014", message: "canceling statement due to statement timeout" })?.code).toBe("SERVICE_UNAVAILABLE");
    expect(toTrpcError(Object.assign(new Error("Failed query"), { cause: { code: "55P03" } }))?.code).toBe("SERVICE_UNAVAILABLE");
    expect(toTrpcError({ code: "23505" })).toBeUndefined();
  });
});
