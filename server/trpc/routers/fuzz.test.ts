import { randomUUID } from "node:crypto";
import { TRPCError, type AnyTRPCProcedure } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z, type core } from "zod";
import { roles } from "@/server/vocabulary/users";
import { products, users, warehouseLocations, warehouses } from "@/db/schema";
import { testDb } from "@/db/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { setFlushNotifier } from "@/server/outbox/flush";
import { carriesForbiddenText, corrupted, shapedLike } from "../fuzz-inputs";
import { demoSession } from "../test-sessions";
import { testBrowser } from "../testing";
import { appRouter } from "./index";

/**
 * Every procedure of the app router, as a visitor and as each role, gets generated inputs
 * derived from its own zod schema: shaped like valid input, and corrupted (forbidden characters
 * in texts and keys, wrong types, special and huge numbers, huge strings, missing and extra
 * keys, deep nesting). None may answer INTERNAL_SERVER_ERROR; a bad input gets a typed client
 * error and writes nothing.
 */

/** Runs per session: many where the role check lets the session through, a few where it refuses it. */
const RUNS_ADMITTED = 40;
const RUNS_REFUSED = 6;
const MAX_SHRINKS = 20;
/** A mutation with valid input does real work (hashing a password, writing rows): this many per procedure suffice. */
const VALID_MUTATIONS = 12;
/** Per procedure. A few seconds when all is well; without the input guard, tainted inputs reach real work (password hashing) and take longer to report. */
const TIMEOUT_MS = 180_000;

const clientErrors: ReadonlySet<TRPC_ERROR_CODE_KEY> = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNPROCESSABLE_CONTENT",
  "TOO_MANY_REQUESTS",
]);

const handle = testDb(2);
type Session = { label: string; user: SessionUser | null };
const sessions: Session[] = [];
/** Seeded SKUs, ids and codes, for the queries' inputs (mutations get none, so they never change seeded data). */
const known: string[] = [];

beforeAll(async () => {
  // No background writes from this process while transaction ids are compared.
  setFlushNotifier(undefined);
  // A customer of its own, so no demo customer's cart changes.
  const [customer] = await handle.db
    .insert(users)
    .values({ name: "Fuzz Customer", email: `fuzz-${randomUUID()}@example.com`, passwordHash: "not-a-hash", role: "customer" })
    .returning();
  sessions.push({ label: "a visitor", user: null });
  sessions.push({ label: "customer", user: { id: customer!.id, email: customer!.email, name: customer!.name, role: "customer", warehouseId: null } });
  for (const role of roles.filter((r) => r !== "customer")) sessions.push({ label: role, user: await demoSession(handle.db, role) });
  const someProducts = await handle.db.select({ id: products.id, sku: products.sku }).from(products).orderBy(products.sku).limit(4);
  const sites = await handle.db.select({ id: warehouses.id, code: warehouses.code }).from(warehouses).orderBy(warehouses.code);
  const bins = await handle.db.select({ code: warehouseLocations.code }).from(warehouseLocations).orderBy(warehouseLocations.code).limit(2);
  known.push(...someProducts.flatMap((p) => [p.id, p.sku]), ...sites.flatMap((w) => [w.id, w.code]), ...bins.map((b) => b.code));
});

afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** The highest transaction id handed out so far, plus one: it moves only when a transaction writes. */
async function nextXid(): Promise<string> {
  const [row] = await handle.sql<{ xmax: string }[]>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`;
  return row!.xmax;
}

/** Waits while an autovacuum worker runs (it assigns transaction ids when it analyzes a table). */
async function autovacuumQuiet(): Promise<void> {
  for (;;) {
    const [row] = await handle.sql<{ workers: number }[]>`select count(*)::int as workers from pg_stat_activity where backend_type = 'autovacuum worker'`;
    if (row!.workers === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Call = (input: unknown) => Promise<unknown>;
type Outcome = { code: TRPC_ERROR_CODE_KEY | "OK" | "NOT_A_TRPC_ERROR"; detail?: string };

function procedureAt(caller: ReturnType<typeof testBrowser>["caller"], path: string): Call {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as Call;
}

async function outcomeOf(call: Call, input: unknown): Promise<Outcome> {
  try {
    await call(input);
    return { code: "OK" };
  } catch (error) {
    if (!(error instanceof TRPCError)) return { code: "NOT_A_TRPC_ERROR", detail: String(error) };
    const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : undefined;
    return { code: error.code, detail: cause ?? error.message };
  }
}

function inputSchemas(procedure: AnyTRPCProcedure): core.$ZodType[] {
  return procedure._def.inputs.map((parser) => {
    if (typeof parser !== "object" || parser === null || !("_zod" in parser)) throw new Error("the fuzz test derives inputs from zod schemas only");
    return parser as core.$ZodType;
  });
}

/** A stable seed per procedure and session, so a failure replays (fast-check prints seed and path). */
function seedOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

// At runtime the router's procedures are a flat record by dotted path ("account.register").
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>);

/** Whether the role check lets this session through: probed with no input (refused by the schema, or a read without input). */
async function admits(call: Call, context: string): Promise<boolean> {
  const { code, detail } = await outcomeOf(call, undefined);
  expect(clientErrors.has(code as TRPC_ERROR_CODE_KEY) || code === "OK", `${context} without input: ${code} ${detail ?? ""}`).toBe(true);
  return code !== "UNAUTHORIZED" && code !== "FORBIDDEN";
}

/**
 * Sends `runs` generated inputs as one session.
 * No input may be a 500 or an untyped error, and one its schema refuses must be a typed client
 * error that does not move the transaction id counter: those failures shrink. Checked over the
 * whole run, so that a 500 is what gets reported first: an input with a forbidden character is a
 * BAD_REQUEST whoever calls (the guard runs before the role check) unless rate limited, and
 * writes nothing either.
 */
async function fuzz(
  path: string,
  schemas: core.$ZodType[],
  session: Session,
  inputs: fc.Arbitrary<unknown>,
  options: { seed: number; valid: { left: number } },
): Promise<void> {
  const call = procedureAt(testBrowser(session.user).caller, path);
  const runs = (await admits(call, `${path} as ${session.label}`)) ? RUNS_ADMITTED : RUNS_REFUSED;
  const unguarded: string[] = [];
  await autovacuumQuiet();
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const forbidden = carriesForbiddenText(input);
      const invalid = schemas.some((schema) => !z.safeParse(schema, input).success);
      if (!invalid && !forbidden) {
        fc.pre(options.valid.left > 0);
        options.valid.left--;
      }
      let outcome: Outcome;
      let wrote = false;
      for (let attempt = 1; ; attempt++) {
        const before = invalid || forbidden ? await nextXid() : undefined;
        outcome = await outcomeOf(call, input);
        if (before === undefined || (await nextXid()) === before) break;
        // A write, unless someone else took that transaction id (autovacuum, or a background run
        // a previous file left behind): the same input is tried again, and counts as a write only
        // when every try moved the counter.
        if (attempt === 3) {
          wrote = true;
          break;
        }
        await autovacuumQuiet();
      }
      const context = `${path} as ${session.label}: ${outcome.code} ${outcome.detail ?? ""}`;
      const typed = clientErrors.has(outcome.code as TRPC_ERROR_CODE_KEY);
      expect(invalid ? typed : typed || outcome.code === "OK", context).toBe(true);
      if (invalid && wrote) throw new Error(`${context}: wrote to the database for an input its schema refuses`);
      if (forbidden && ((outcome.code !== "BAD_REQUEST" && outcome.code !== "TOO_MANY_REQUESTS") || wrote)) unguarded.push(`${context}${wrote ? " (and wrote)" : ""} for ${fc.stringify(input)}`);
    }),
    { numRuns: runs, seed: options.seed },
  );
  if (unguarded.length) throw new Error(`${unguarded.length} input(s) with a forbidden character were not refused with BAD_REQUEST, e.g. ${unguarded[0]}`);
}

describe("bad input to any procedure (SE-P2-02, CS-P0-03, SEC-P1-01)", () => {
  for (const [path, procedure] of procedures) {
    it(`${path}: never a 500; a bad input is a typed client error and writes nothing, for a visitor and every role`, async () => {
      const schemas = inputSchemas(procedure);
      const options = { known: procedure._def.type === "query" ? known : undefined };
      const shape = (tainted: boolean) => (schemas[0] ? shapedLike(schemas[0], { ...options, tainted }) : fc.constant(undefined));
      const shaped = shape(false);
      // Shrinking calls the procedure again and again: a few steps make a readable counterexample.
      const inputs = fc.limitShrink(
        fc.oneof({ arbitrary: shape(true), weight: 3 }, { arbitrary: corrupted(shaped), weight: 3 }, { arbitrary: shaped, weight: 1 }),
        MAX_SHRINKS,
      );
      // Every session is fuzzed even when one fails, so the report shows each counterexample.
      const failures: string[] = [];
      const valid = { left: procedure._def.type === "mutation" ? VALID_MUTATIONS : Number.POSITIVE_INFINITY };
      for (const session of sessions) {
        try {
          await fuzz(path, schemas, session, inputs, { seed: seedOf(`${path} ${session.label}`), valid });
        } catch (error) {
          const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : "";
          failures.push(`as ${session.label}: ${error instanceof Error ? error.message : String(error)}${cause}`);
        }
      }
      expect(failures, failures.join("\n\n")).toEqual([]);
    }, TIMEOUT_MS);
  }
});
