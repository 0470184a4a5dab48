import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

/**
 * A direct connection to the e2e server's embedded database, for failure injection only
 * (a release that keeps failing, an order left cancelled with its stock still held): what the
 * ops console must then repair through its own pages.
 */
const dataDir = path.resolve(import.meta.dirname, "../.data/e2e");

export function e2eDatabase() {
  const { user, password } = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as { user: string; password: string };
  const port = Number(process.env.E2E_PG_PORT ?? 54349);
  return postgres({ host: "127.0.0.1", port, user, password, database: "depot", max: 2, onnotice: () => {} });
}

/** The Inngest signing key the e2e server and its local executor share (kept with its embedded data). */
export function e2eSigningKey(): string {
  return readFileSync(path.join(dataDir, "inngest-signing-key"), "utf8").trim();
}
