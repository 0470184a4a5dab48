import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
