import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { pickLineStatuses, picklistStatuses, shortPickReasons, waveStatuses } from "@/server/vocabulary/picking";
import { products } from "./catalog";
import { fulfillmentItems, fulfillments } from "./fulfillment";
import { users } from "./users";
import { warehouseLocations, warehouses } from "./warehouses";

export const waveNumberSeq = pgSequence("wave_number_seq", { startWith: 1001 });
export const picklistNumberSeq = pgSequence("picklist_number_seq", { startWith: 10001 });

export const waveStatusEnum = pgEnum("wave_status", waveStatuses);

/** A batch of picklists a warehouse manager released together (FUL-P0-05: one transaction). */
export const waves = pgTable(
  "waves",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull().unique(),
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id),
    status: waveStatusEnum("status").notNull().default("open"),
    maxOrders: integer("max_orders").notNull(),
    maxUnits: integer("max_units").notNull(),
    zone: text("zone"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("waves_warehouse_status_idx").on(t.warehouseId, t.status, t.createdAt)],
);

export const picklistStatusEnum = pgEnum("picklist_status", picklistStatuses);

/** One picker's walk: lines of several fulfillments, in walk-sequence order. */
export const picklists = pgTable(
  "picklists",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull().unique(),
    waveId: uuid("wave_id")
      .notNull()
      .references(() => waves.id),
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id),
    assigneeId: uuid("assignee_id").references(() => users.id),
    status: picklistStatusEnum("status").notNull().default("open"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("picklists_wave_idx").on(t.waveId), index("picklists_assignee_idx").on(t.assigneeId, t.status), index("picklists_warehouse_status_idx").on(t.warehouseId, t.status)],
);

export const pickLineStatusEnum = pgEnum("pick_line_status", pickLineStatuses);

export const shortPickReasonEnum = pgEnum("short_pick_reason", shortPickReasons);

export const picklistLines = pgTable(
  "picklist_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    picklistId: uuid("picklist_id")
      .notNull()
      .references(() => picklists.id),
    fulfillmentId: uuid("fulfillment_id")
      .notNull()
      .references(() => fulfillments.id),
    fulfillmentItemId: uuid("fulfillment_item_id")
      .notNull()
      .references(() => fulfillmentItems.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    locationId: uuid("location_id")
      .notNull()
      .references(() => warehouseLocations.id),
    /** Copied from the bin when the wave is built: the order the picker walks. */
    walkSequence: integer("walk_sequence").notNull(),
    quantity: integer("quantity").notNull(),
    pickedQuantity: integer("picked_quantity").notNull().default(0),
    status: pickLineStatusEnum("status").notNull().default("pending"),
    shortReason: shortPickReasonEnum("short_reason"),
    pickedBy: uuid("picked_by").references(() => users.id),
    pickedAt: timestamp("picked_at", { withTimezone: true }),
  },
  (t) => [
    index("picklist_lines_walk_idx").on(t.picklistId, t.walkSequence),
    index("picklist_lines_fulfillment_idx").on(t.fulfillmentId),
    // A fulfillment line is on at most one live picklist.
    uniqueIndex("picklist_lines_item_live_uq").on(t.fulfillmentItemId).where(sql`${t.status} <> 'cancelled'`),
    check("picklist_lines_quantities", sql`${t.quantity} > 0 and ${t.pickedQuantity} >= 0 and ${t.pickedQuantity} <= ${t.quantity}`),
  ],
);

/** Each pick confirmation once: a repeated scan id (retry, double submit) changes nothing (P1-2024-06). */
export const pickConfirmations = pgTable("pick_confirmations", {
  id: uuid("id").primaryKey(),
  lineId: uuid("line_id")
    .notNull()
    .references(() => picklistLines.id),
  quantity: integer("quantity").notNull(),
  pickedBy: uuid("picked_by")
    .notNull()
    .references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Wave = typeof waves.$inferSelect;
export type Picklist = typeof picklists.$inferSelect;
export type PicklistLine = typeof picklistLines.$inferSelect;
