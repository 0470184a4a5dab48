import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { mailDeliveryStatuses, mailKinds } from "@/server/vocabulary/mail";
import { orders } from "./orders";
import { users } from "./users";

export const mailKindEnum = pgEnum("mail_kind", mailKinds);
export const mailDeliveryStatusEnum = pgEnum("mail_delivery_status", mailDeliveryStatuses);

/**
 * One transactional mail, written (rendered) once under its key before it is sent: `key` is the
 * kind and the id of what it is about (order_placed:<order id>, shipped:<shipment id>, ...), so a
 * redelivered or duplicated event finds the row and sends nothing more. The SMTP Message-ID is
 * derived from the key. A send claims the row (`claimed_until`) so two runs never send it twice.
 */
export const mailDeliveries = pgTable(
  "mail_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    kind: mailKindEnum("kind").notNull(),
    orderId: uuid("order_id").references(() => orders.id),
    userId: uuid("user_id").references(() => users.id),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    messageId: text("message_id").notNull(),
    status: mailDeliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Who holds the send (an Inngest run id, or compensation:<id>) until claimed_until. */
    claimedBy: text("claimed_by"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("mail_deliveries_key_uq").on(t.key),
    index("mail_deliveries_order_idx").on(t.orderId),
    index("mail_deliveries_user_idx").on(t.userId),
  ],
);

export type MailDelivery = typeof mailDeliveries.$inferSelect;
