import { sql } from "drizzle-orm";
import { databaseUrl } from "@/server/env";
import { createDb, type Db, type DbHandle } from "./client";

/** A pool on the test database (the vitest global setup provides DATABASE_URL). */
export function testDb(max = 10): DbHandle {
  return createDb(databaseUrl(), { max });
}

/** Empties the outbox and consumer bookkeeping between tests. */
export async function resetOutbox(db: Db): Promise<void> {
  await db.execute(sql`truncate outbox, outbox_sequences, processed_events, consumer_positions, notifications`);
}
