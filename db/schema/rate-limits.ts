import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Counters of server/rate-limits (rate-limiter-flexible's Drizzle store), shared by every app
 * instance: the key is the limit's prefix and its subject (an address, an account, a buyer),
 * `points` what was consumed in the window ending at `expire`.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    expire: timestamp("expire", { withTimezone: true }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);
