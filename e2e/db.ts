import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

/**
 * A direct connection to the e2e server's embedded database, for failure injection only
 * (a release that keeps failing, an order left cancelled with its stock still held): what the
 * ops console must then repair through its own pages.
 */
export function e2eDatabase() {
  const dataDir = path.resolve(import.meta.dirname, "../.data/e2e");
  const { user, password } = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as { user: string; password: string };
  const port = Number(process.env.E2E_PG_PORT ?? 54349);
  return postgres({ host: "127.0.0.1", port, user, password, database: "depot", max: 2, onnotice: () => {} });
}
