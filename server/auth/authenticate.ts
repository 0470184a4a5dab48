import type { DbOrTx } from "@/db/client";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { findUserByEmail, hashPassword, verifyPassword } from "@/server/users";
import { randomBytes } from "node:crypto";

// Compared when the email is unknown, so response time does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString("hex")));

export async function authenticate(db: DbOrTx, email: string, password: string): Promise<SessionUser | null> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash()));
  if (!user || !ok || user.deletedAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, warehouseId: user.warehouseId };
}
