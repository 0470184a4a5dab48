import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { alertSeverities } from "@/server/vocabulary/alerts";
import { orders } from "./orders";

export const alertSeverityEnum = pgEnum("alert_severity", alertSeverities);

/** Something ops must look at (the ops console lists the open ones). */
export const opsAlerts = pgTable(
  "ops_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    severity: alertSeverityEnum("severity").notNull(),
    message: text("message").notNull(),
    orderId: uuid("order_id").references(() => orders.id),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
  },
  (t) => [index("ops_alerts_open_idx").on(t.acknowledgedAt, t.createdAt)],
);

export type OpsAlert = typeof opsAlerts.$inferSelect;
