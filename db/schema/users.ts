import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roles } from "@/server/vocabulary/users";
import { warehouses } from "./warehouses";

export const roleEnum = pgEnum("role", roles);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull().default("customer"),
    /** Warehouse staff (picker, packer, warehouse_manager) belong to exactly one warehouse. */
    warehouseId: uuid("warehouse_id").references(() => warehouses.id),
    /** E.164, e.g. +19735550100 (CS-P0-03). */
    phone: text("phone"),
    /** Optimistic lock of the profile (CS-P0-01): every profile write bumps it. */
    version: integer("version").notNull().default(1),
    /** Bumped by a password change or reset and by deletion: sessions signed in under an older one end. */
    sessionVersion: integer("session_version").notNull().default(1),
    /** Set when the account was deleted and anonymised; it can no longer sign in. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_lower_uq").on(sql`lower(${t.email})`),
    index("users_warehouse_idx").on(t.warehouseId),
    check(
      "users_warehouse_staff_has_warehouse",
      sql`(${t.role} in ('picker','packer','warehouse_manager')) = (${t.warehouseId} is not null)`,
    ),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
