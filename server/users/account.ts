import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { users, type User } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";

const gone = () => new DomainError("UNAUTHENTICATED", "Your account no longer exists. Please sign in again.");

/** The live (not deleted) account, or UNAUTHENTICATED: a session may outlive its account. */
export async function liveUser(db: DbOrTx, userId: string): Promise<User> {
  const [user] = await db.select().from(users).where(and(eq(users.id, userId), isNull(users.deletedAt)));
  if (!user) throw gone();
  return user;
}

/** The live account, its row locked until the transaction ends: account changes of one user queue behind each other. */
export async function lockLiveUser(tx: Tx, userId: string): Promise<User> {
  const [user] = await tx.select().from(users).where(and(eq(users.id, userId), isNull(users.deletedAt))).for("update");
  if (!user) throw gone();
  return user;
}
