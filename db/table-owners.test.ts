import { existsSync } from "node:fs";
import path from "node:path";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { readSource, sourceFiles, tableWrites, type TableWrite } from "@/scripts/lib/table-writes";
import { exemptFromOwnership, knownForeignWrites, tableOwners, tableWriters, type OwnedTable } from "./table-owners";

const root = path.resolve(import.meta.dirname, "..");
const tables = new Map<string, string>();
for (const [name, value] of Object.entries(schema)) if (is(value, PgTable)) tables.set(name, getTableName(value));

const owners: Record<string, string> = tableOwners;
/** The tables issue 13 names: never on the list of known foreign writes. */
const guarded = ["inventory_levels", "inventory_ledger", "orders", "payments", "fulfillments"] as const;
const writers: Record<string, string | undefined> = tableWriters;

function allWrites(): TableWrite[] {
  const files = sourceFiles(root, ["app", "components", "db", "inngest", "scripts", "server", "bench", "e2e"]).filter((f) => !exemptFromOwnership(f));
  return files.flatMap((f) => tableWrites(f, readSource(root, f), tables));
}

const describeWrite = (w: TableWrite) => `${w.file}:${w.line} writes ${w.table} (${w.how}), owned by ${writers[w.table] ?? owners[w.table]}`;
const inOwner = (w: TableWrite) => {
  const writer = writers[w.table];
  return writer ? w.file === writer : w.file.startsWith(`${owners[w.table]}/`);
};
const known = (w: TableWrite) => (knownForeignWrites[w.table as OwnedTable] ?? []).includes(w.file);

describe("table ownership (issue 13: a module owns the writes to its tables)", () => {
  const writes = allWrites();

  it("every schema table has one owning module that exists", () => {
    const missing = [...tables.values()].filter((t) => !owners[t]);
    expect(missing, "tables without an owner in db/table-owners.ts").toEqual([]);
    const gone = Object.entries(owners).filter(([table, dir]) => ![...tables.values()].includes(table) || !existsSync(path.join(root, dir)));
    expect(gone, "owners naming a table or module that does not exist").toEqual([]);
  });

  it("finds the writes it checks (the scan is not blind)", () => {
    for (const table of guarded) {
      expect(writes.some((w) => w.table === table && inOwner(w)), `no write to ${table} found at all`).toBe(true);
    }
  });

  it("writes to inventory_levels, orders, payments, fulfillments and every other table come from their owner only (WH-P1-03: stock levels only through moveStock)", () => {
    const foreign = writes.filter((w) => !inOwner(w) && !known(w)).map(describeWrite);
    expect(foreign, "move these writes into a function of the owning module and call it").toEqual([]);
  });

  it("the list of known foreign writes only shrinks: each entry still occurs, none is one of the four guarded tables", () => {
    const stale = Object.entries(knownForeignWrites).flatMap(([table, files]) =>
      (files ?? []).filter((file) => !writes.some((w) => w.table === table && w.file === file && !inOwner(w))).map((file) => `${table}: ${file}`),
    );
    expect(stale, "remove these entries from knownForeignWrites in db/table-owners.ts").toEqual([]);
    for (const table of guarded) expect(knownForeignWrites[table]).toBeUndefined();
  });
});

describe("the write scanner (issue 13)", () => {
  it("finds Drizzle writes through named, renamed and namespace imports, and raw SQL writes in sql`` templates", () => {
    const source = `
      import { sql } from "drizzle-orm";
      import { orders, inventoryLevels as levels } from "@/db/schema";
      import * as schema from "../db/schema";
      export async function f(tx: any, orders2: any) {
        await tx.insert(orders).values({});
        await tx.update(levels).set({});
        await tx.delete(schema.payments);
        await tx.update(orders2).set({});
        await tx.execute(sql\`update fulfillments f set x = 1\`);
        await tx.execute(sql\`insert into \${levels} (a) values (1) on conflict do update set a = 2\`);
        await tx.execute(sql\`select * from orders for update skip locked\`);
        const text = "delete from payments";
      }`;
    const found = tableWrites("server/x/y.ts", source, tables).map((w) => `${w.line}:${w.table}`);
    expect(found).toEqual(["6:orders", "7:inventory_levels", "8:payments", "10:fulfillments", "11:inventory_levels"]);
  });
});
