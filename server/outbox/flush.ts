import { outboxFlush } from "@/core/events";
import type { Db, Tx } from "@/db/client";
import { db as defaultDb } from "@/db/client";
import { inngest } from "@/inngest/client";
import { logger } from "@/server/lib/logging";

const emitted = new WeakSet<object>();

export function markEmitted(tx: Tx): void {
  emitted.add(tx);
}

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
 * Runs `work` in one transaction; if it wrote outbox rows, nudges the relay after commit.
 * A lost nudge only delays delivery until the relay's cron backstop.
 */
export async function transaction<T>(work: (tx: Tx) => Promise<T>, database: Db = defaultDb()): Promise<T> {
  let wrote = false;
  const result = await database.transaction(async (tx) => {
    const value = await work(tx);
    wrote = emitted.has(tx);
    return value;
  });
  if (wrote && notifier) {
    await notifier().catch((error: unknown) => {
      logger.warn({ err: error }, "outbox flush nudge failed; the relay cron will deliver");
    });
  }
  return result;
}
