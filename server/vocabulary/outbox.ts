export const outboxStatuses = ["pending", "sent", "failed"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** An outbox event older than this means the relay is not keeping up (or not running). */
export const OUTBOX_LAG_LIMIT_SECONDS = 300;
