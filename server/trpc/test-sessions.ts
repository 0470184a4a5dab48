import type { Role } from "@/core/users";
import type { DbOrTx } from "@/db/client";
import { DEMO_PASSWORD } from "@/db/seed-data";
import { authenticate, type SessionUser } from "@/server/auth/authenticate";

/** A seeded demo account per role (warehouse staff of EAST). */
export const demoEmails: Record<Role, string> = {
  customer: "alice@example.com",
  picker: "picker.east@depot.test",
  packer: "packer.east@depot.test",
  warehouse_manager: "manager.east@depot.test",
  ops: "ops@depot.test",
  admin: "admin@depot.test",
};

/** The session of a role's demo account, signed in with the demo password. */
export async function demoSession(db: DbOrTx, role: Role): Promise<SessionUser> {
  const user = await authenticate(db, demoEmails[role], DEMO_PASSWORD);
  if (!user) throw new Error(`seeded ${role} missing`);
  return user;
}
