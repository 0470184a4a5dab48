import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";

export type SessionState = { sessionVersion: number; name: string; email: string; deleted: boolean };

/** What a session is checked against on every request: its account's session version, and the name and email to show. */
export async function sessionState(db: DbOrTx, userId: string): Promise<SessionState | null> {
  const [row] = await db
    .select({ sessionVersion: users.sessionVersion, name: users.name, email: users.email, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, userId));
  return row ? { sessionVersion: row.sessionVersion, name: row.name, email: row.email, deleted: row.deletedAt !== null } : null;
}
