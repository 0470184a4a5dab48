import { outboxFlush } from "@/server/vocabulary/events";
import { inngest } from "@/inngest/client";
import { logger } from "@/server/lib/logging";

type FlushNotifier = () => Promise<void>;

/** Sends `outbox/flush` so the relay runs at once instead of at its next cron tick. */
const sendFlush: FlushNotifier = async () => {
  await inngest.send(outboxFlush.create({ reason: "commit" }));
};
let notifier: FlushNotifier | undefined = sendFlush;

/** Tests replace the nudge (or switch it off with undefined); `null` restores the default. */
export function setFlushNotifier(fn: FlushNotifier | undefined | null): void {
  notifier = fn === null ? sendFlush : fn;
}

/**
 * The after-commit hook `emit` registers on a transaction that wrote outbox rows (once per
 * transaction, however many rows). A lost nudge only delays delivery until the relay's cron backstop.
 */
export async function nudgeRelay(): Promise<void> {
  if (!notifier) return;
  await notifier().catch((error: unknown) => {
    logger.warn({ err: error }, "outbox flush nudge failed; the relay cron will deliver");
  });
}
