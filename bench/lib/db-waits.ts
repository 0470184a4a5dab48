/**
 * Where the database's client backends spend a bench run: pg_stat_activity sampled every
 * `everyMs` on the bench's admin connection, each busy backend (active or idle in a transaction)
 * counted under one heading (running, waiting for a row lock, flushing WAL at commit, waiting for
 * its client to send the next statement, …), plus the tables of the row locks being waited for (pg_locks, not granted, with a
 * relation: the tuple locks queued behind the first waiter).
 */
import type postgres from "postgres";
import { fmt } from "./stats";

export type WaitSampler = { stop: () => Promise<WaitSummary> };
export type WaitSummary = { samples: number; busy: number; byKind: Map<string, number>; lockedTables: Map<string, number> };

function kind(row: { state: string; wait_event_type: string | null; wait_event: string | null }): string {
  if (row.state === "idle in transaction" || row.wait_event === "ClientRead") return "waiting for its client between statements";
  if (!row.wait_event_type) return "running (CPU)";
  if (row.wait_event_type === "Lock") return `lock wait (${row.wait_event})`;
  if (row.wait_event === "WalSync" || row.wait_event === "WALSync" || row.wait_event === "WALWrite" || row.wait_event === "WalWrite") return "commit: WAL write/flush";
  return `${row.wait_event_type}: ${row.wait_event}`;
}

export function sampleWaits(sql: postgres.Sql, everyMs = 100): WaitSampler {
  const summary: WaitSummary = { samples: 0, busy: 0, byKind: new Map(), lockedTables: new Map() };
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sql<{ state: string; wait_event_type: string | null; wait_event: string | null }[]>`
        select state, wait_event_type, wait_event from pg_stat_activity
        where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
          and state in ('active', 'idle in transaction')`;
      const locks = await sql<{ relname: string; n: number }[]>`
        select c.relname, count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where not l.granted and l.database = (select oid from pg_database where datname = current_database())
        group by c.relname`;
      summary.samples++;
      summary.busy += rows.length;
      for (const row of rows) summary.byKind.set(kind(row), (summary.byKind.get(kind(row)) ?? 0) + 1);
      for (const l of locks) summary.lockedTables.set(l.relname, (summary.lockedTables.get(l.relname) ?? 0) + l.n);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return summary;
    },
  };
}

/** "running (CPU) 31%, lock wait (transactionid) 40%, …" over all busy-backend samples, biggest first; and the waited-for tables. */
export function describeWaits(s: WaitSummary): string {
  if (s.busy === 0) return "no busy backend seen";
  const kinds = [...s.byKind].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${fmt((n / s.busy) * 100)}%`);
  const tables = [...s.lockedTables].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${fmt(n / s.samples, 1)}`);
  return `${fmt(s.busy / s.samples, 1)} busy backends on average: ${kinds.join(", ")}${tables.length ? `; row-lock queue per sample by table: ${tables.join(", ")}` : ""}`;
}
