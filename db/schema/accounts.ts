import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountTokenPurposes, consentSources, newsletterFrequencies } from "@/server/vocabulary/accounts";
import { roleEnum, users } from "./users";
import type { ShippingAddress } from "./orders";

export const accountTokenPurposeEnum = pgEnum("account_token_purpose", accountTokenPurposes);
export const consentSourceEnum = pgEnum("consent_source", consentSources);
export const newsletterFrequencyEnum = pgEnum("newsletter_frequency", newsletterFrequencies);

/**
 * A single-use token behind an emailed link (password reset, email change). The link carries the
 * id and an HMAC of it (server/users/account-links.ts): nothing secret is stored here.
 */
export const accountTokens = pgTable(
  "account_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    purpose: accountTokenPurposeEnum("purpose").notNull(),
    /** The address an email change moves to, once confirmed. */
    newEmail: text("new_email"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** Set when a newer token of the same purpose replaced it, or the password changed. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("account_tokens_user_idx").on(t.userId, t.purpose, t.createdAt),
    check("account_tokens_email_change_has_email", sql`(${t.purpose} = 'email-change') = (${t.newEmail} is not null)`),
  ],
);

/** A customer's address book; at most one default shipping address each. */
export const customerAddresses = pgTable(
  "customer_addresses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    address: jsonb("address").$type<ShippingAddress>().notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("customer_addresses_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("customer_addresses_one_default_uq").on(t.userId).where(sql`${t.isDefault}`),
  ],
);

/**
 * Every version of a customer's marketing consent and preferences (CS-P1-03): append-only (a
 * trigger refuses UPDATE and DELETE), the current state is the latest version.
 */
export const consentVersions = pgTable(
  "consent_versions",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    version: integer("version").notNull(),
    marketingEmail: boolean("marketing_email").notNull(),
    marketingSms: boolean("marketing_sms").notNull(),
    newsletterFrequency: newsletterFrequencyEnum("newsletter_frequency").notNull(),
    /** Who made the change: the customer, or staff on their behalf. */
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    actorRole: roleEnum("actor_role").notNull(),
    source: consentSourceEnum("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("consent_versions_user_version_uq").on(t.userId, t.version), check("consent_versions_version_positive", sql`${t.version} >= 1`)],
);

export type AccountToken = typeof accountTokens.$inferSelect;
export type CustomerAddress = typeof customerAddresses.$inferSelect;
export type ConsentVersion = typeof consentVersions.$inferSelect;
