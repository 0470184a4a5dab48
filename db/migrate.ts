import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Db } from "./client";
import journal from "./migrations/meta/_journal.json";

export const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

export async function runMigrations(db: Db, folder = migrationsFolder): Promise<void> {
  await migrate(db, { migrationsFolder: folder });
}

/** Migrations in the repository that the database has not applied (readiness check). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const applied = await db
    .execute<{ created_at: string }>(sql`select created_at from drizzle.__drizzle_migrations`)
    .catch(() => [] as { created_at: string }[]);
  const appliedAt = new Set(Array.from(applied, (r) => Number(r.created_at)));
  return journal.entries.filter((e) => !appliedAt.has(e.when)).map((e) => e.tag);
}
