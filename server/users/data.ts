import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type NewUser, type User } from "@/db/schema";

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return user;
}

/** Inserts a user; returns undefined when the email is taken (unique on lower(email)). */
export async function insertUser(db: DbOrTx, user: NewUser): Promise<User | undefined> {
  const [row] = await db.insert(users).values(user).onConflictDoNothing().returning();
  return row;
}
