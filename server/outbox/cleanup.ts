import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";

/** Deletes sent outbox rows older than `days` in chunks, so a large backlog never holds long locks. */
export async function deleteSentOutboxRows(db: Db, days: number, chunk = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const old = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, "sent"), lt(outbox.sentAt, sql`now() - make_interval(days => ${days})`)))
      .limit(chunk);
    const deleted = await db.delete(outbox).where(sql`${outbox.id} in (${old})`).returning({ id: outbox.id });
    total += deleted.length;
    if (deleted.length < chunk) return total;
  }
}
