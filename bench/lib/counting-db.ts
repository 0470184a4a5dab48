/**
 * A database pool like db/client.ts's `createDb` (same drizzle schema and casing) that also counts
 * the statements it sends, so a bench can print how many round trips a domain call makes.
 *
 * Loads the app's modules when called: call it only after `Bench.prepare` has set process.env.
 */
import type { Db } from "@/db/client";

export type CountingDb = { db: Db; statements: () => number; close: () => Promise<void> };

export async function countingDb(url: string, max: number): Promise<CountingDb> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const schema = await import("@/db/schema");
  let statements = 0;
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: "depot-bench" },
    debug: () => void statements++,
  });
  const db: Db = drizzle(sql, { schema, casing: "snake_case" });
  return { db, statements: () => statements, close: () => sql.end({ timeout: 5 }) };
}
