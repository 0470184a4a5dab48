import { sql } from "drizzle-orm";
import { check, index, integer, numeric, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

export const warehouses = pgTable(
  "warehouses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    addressLine: text("address_line").notNull(),
    city: text("city").notNull(),
    postalCode: text("postal_code").notNull(),
    country: text("country").notNull(),
    latitude: numeric("latitude", { precision: 9, scale: 6 }).notNull(),
    longitude: numeric("longitude", { precision: 9, scale: 6 }).notNull(),
    /** Fulfillments the warehouse can take per day (FUL-P0-03). */
    dailyCapacity: integer("daily_capacity").notNull(),
    timezone: text("timezone").notNull().default("UTC"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("warehouses_capacity_positive", sql`${t.dailyCapacity} > 0`)],
);

/** A bin. Pick paths walk bins by (zone, aisle, shelf, bin), i.e. by walkSequence. */
export const warehouseLocations = pgTable(
  "warehouse_locations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id),
    zone: text("zone").notNull(),
    aisle: integer("aisle").notNull(),
    shelf: integer("shelf").notNull(),
    bin: integer("bin").notNull(),
    /** Printed on the bin label and scanned by pickers, e.g. "A-03-2-04". */
    code: text("code").notNull(),
    walkSequence: integer("walk_sequence").notNull(),
  },
  (t) => [
    unique("warehouse_locations_code_uq").on(t.warehouseId, t.code),
    index("warehouse_locations_walk_idx").on(t.warehouseId, t.walkSequence),
  ],
);

export type Warehouse = typeof warehouses.$inferSelect;
export type WarehouseLocation = typeof warehouseLocations.$inferSelect;
