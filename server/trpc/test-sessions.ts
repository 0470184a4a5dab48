import { randomUUID } from "node:crypto";
import type { Role } from "@/server/vocabulary/users";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { DEMO_PASSWORD } from "@/db/seed-data";
import { authenticate } from "@/server/auth";
import type { SessionUser } from "@/server/vocabulary/session-user";

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

/**
 * A customer account of the test's own (it cannot sign in with a password): its cart, orders and
 * code uses are nobody else's, so a test leaves nothing the demo customers' next test would see.
 */
export async function newCustomerSession(db: DbOrTx, name = "Test Customer"): Promise<SessionUser> {
  const email = `customer-${randomUUID().slice(0, 8)}@example.com`;
  const [user] = await db.insert(users).values({ email, name, passwordHash: "not-a-login", role: "customer" }).returning();
  return { id: user!.id, email, name, role: "customer", warehouseId: null };
}
