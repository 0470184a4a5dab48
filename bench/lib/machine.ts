import os from "node:os";
import type postgres from "postgres";
import { fmt } from "./stats";

/**
 * The "Machine: …" line printed under a bench's title: cores and CPU model, RAM, Node, and the
 * PostgreSQL version asked from the bench's database; `sharing` names what runs on the machine
 * (e.g. "app, database and clients").
 */
export async function machineLine(sql: postgres.Sql, sharing: string): Promise<string> {
  const [{ version } = { version: "?" }] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
  const cpus = os.cpus();
  return `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}, embedded PostgreSQL ${version} (fsync on); ${sharing} share the machine`;
}
