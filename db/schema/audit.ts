import { sql } from "drizzle-orm";
import { bigserial, customType, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { orders } from "./orders";
import { roleEnum, users } from "./users";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Every operator action (replay, discard, release, adjust, override, approve, ...), written in
 * the transaction of the action itself, so an action without its audit row cannot exist.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    actorId: uuid("actor_id").references(() => users.id),
    actorEmail: text("actor_email").notNull(),
    actorRole: roleEnum("actor_role").notNull(),
    /** Dotted verb, e.g. "compensation.replay", "reservation.release", "order.cancel". */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    /** The target as people know it (order D100009, picklist P10001, wave W10001, a SKU, EAST), written with the row. */
    targetLabel: text("target_label").notNull().default(""),
    orderId: uuid("order_id").references(() => orders.id),
    reason: text("reason").notNull().default(""),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    search: tsvector("search").generatedAlwaysAs(
      sql`to_tsvector('simple', replace(action, '.', ' ') || ' ' || target_type || ' ' || target_id || ' ' || target_label || ' ' || actor_email || ' ' || reason)`,
    ),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt, t.id),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
    index("audit_log_order_idx").on(t.orderId),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
    index("audit_log_search_idx").using("gin", t.search),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
