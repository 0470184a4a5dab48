import path from "node:path";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { startEmbeddedPostgres } from "./embedded-db";

export type PreparedDb = { url: string; embedded: boolean; seeded: boolean; stop: () => Promise<void> };

/**
 * DATABASE_URL if set; otherwise embedded PostgreSQL under `dataDir` (a child process).
 * Either way the database is migrated, and seeded with the demo data when it is empty.
 */
export async function prepareDatabase(options: { dataDir: string; port: number; seed?: boolean }): Promise<PreparedDb> {
  const external = process.env.DATABASE_URL;
  const embedded = external ? undefined : await startEmbeddedPostgres({ dataDir: path.resolve(options.dataDir), port: options.port });
  const url = external ?? embedded!.url;
  const handle = createDb(url, { max: 2 });
  try {
    await runMigrations(handle.db);
    const { seeded } = options.seed === false ? { seeded: false } : await seedDemo(handle.db);
    return { url, embedded: Boolean(embedded), seeded, stop: async () => embedded?.stop() };
  } catch (error) {
    await embedded?.stop();
    throw error;
  } finally {
    await handle.close();
  }
}
