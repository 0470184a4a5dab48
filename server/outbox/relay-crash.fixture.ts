/**
 * Child process for the relay crash test: claims one batch, reports the claimed ids on stdout
 * and then hangs before sending or marking, until the test kills it with SIGKILL.
 */
import { createDb } from "@/db/client";
import { databaseUrl } from "@/server/env";
import { relayBatch } from "./relay";

const handle = createDb(databaseUrl(), { max: 1 });
await relayBatch(handle.db, {
  batchSize: Number(process.argv[2] ?? 50),
  maxAttempts: 10,
  send: async () => {
    throw new Error("the crash fixture never gets this far");
  },
  onClaimed: async (ids) => {
    process.stdout.write(`CLAIMED ${ids.join(",")}\n`);
    await new Promise(() => {});
  },
});
