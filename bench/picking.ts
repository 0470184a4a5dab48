/**
 * `npm run bench:picking` — waves and scan-to-pick against the real app (Next.js `start`,
 * embedded PostgreSQL, local Inngest executor), in one run on one fresh database:
 *
 * 1. Wave build: BENCH_FULFILLMENTS (default 1,000) pending fulfillments of warehouse EAST
 *    (confirmed cash-on-delivery orders of 1-3 lines × 1-3 units, seeded straight into the
 *    tables by bench/lib/picking-seed.ts, the same shape every run), released as one wave with
 *    rules ≤10 orders / ≤60 units per picklist, ≤200 picklists. BENCH_WAVE_RUNS (default 2)
 *    runs call the domain in-process (`transaction(tx => releaseWave(…))` on a pool of this
 *    process that counts statements), then one run goes through `picking.releaseWave` over
 *    HTTP as the manager; each on freshly seeded fulfillments, with the outbox drained before
 *    it. Beside each: the pure routing, i.e. `buildBatches` + `walkOrder` in memory over the
 *    same candidates (mean of ROUTING_REPEAT), so the database's share is the rest.
 *    Route: the released picklists' lines in walk order (as picking.picklist lists them)
 *    against the same lines sorted by product name and listed order by order, in stops (bin
 *    arrivals) and distance in walk-sequence units (one unit = one bin further along the pick
 *    path; first to last stop).
 * 2. Scan confirmations: BENCH_PICKERS (default 20) pickers (picker.east plus bench pickers
 *    created with the demo password) sign in through next-auth's credentials callback; each
 *    takes the next picklist of one wave, starts it (`picking.start`), reads it
 *    (`picking.picklist`) and confirms every line in walk order with its full quantity
 *    (`picking.confirm`, the bin and SKU the scanner would send), no think time, until
 *    BENCH_PICKLISTS (default 1.5 × pickers) picklists are picked. Warm-up, unmeasured: each
 *    picker's first WARM_LINES confirmations. Only confirm round trips are timed;
 *    confirmations/s counts per wall-clock second of the run (starts and reads included).
 *    Reference: the same loop on another wave of the same shape with the domain functions
 *    in-process (startPicklist, picklistDetail, `transaction(tx => confirmPick(…))`), one
 *    connection per picker. During both, pg_stat_activity is sampled (bench/lib/db-waits.ts)
 *    to show where the database's busy backends spend the time.
 *
 * Options: `--dev` (next dev, for quick checks only), BENCH_FULFILLMENTS, BENCH_WAVE_RUNS,
 * BENCH_PICKERS, BENCH_PICKLISTS.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
// Types only: the app's modules are loaded after Bench.prepare has set process.env.
import type { SessionUser } from "@/server/vocabulary/session-user";
import type { PickCandidate } from "@/server/picking/batches";
import { Bench } from "./lib/app";
import { TrpcCallError } from "./lib/guest-client";
import { countingDb } from "./lib/counting-db";
import { cpuSnapshot, cpuUsage, waitForIdle, type CpuUsage } from "./lib/cpu";
import { describeWaits, sampleWaits, type WaitSummary } from "./lib/db-waits";
import { machineLine } from "./lib/machine";
import { addPickers, prng, seedReadyFulfillments, stockInvariantViolations, stockWarehouse, warehouseId, type StockedProduct } from "./lib/picking-seed";
import { StaffClient } from "./lib/staff-client";
import { countError, envInt, fmt, percentile, sortAscending } from "./lib/stats";

const PORT = 3400;
const PG_PORT = 54389;
const EXECUTOR_PORT = 18799;
const PASSWORD = "depot-demo";
const SEED = 20_260_522;
const ROUTING_REPEAT = 50;
const IDLE_WAIT_MS = 30_000;
const BUSY_NOTE = [
  `*           the app was still busy with earlier background work (function runs on the previous run's events) after ${IDLE_WAIT_MS / 1000} s`,
  "            of waiting: this run shared the machine with it.",
].join("\n");

const FULFILLMENTS = envInt("BENCH_FULFILLMENTS", 1000);
const WAVE_RUNS = envInt("BENCH_WAVE_RUNS", 2);
const PICKERS = envInt("BENCH_PICKERS", 20);
/** Picklists each confirmation run picks (the first PICKERS start the warm-up). */
const PICKLISTS = envInt("BENCH_PICKLISTS", Math.ceil(1.5 * PICKERS));
/** Lines each picker confirms unmeasured before the measured run starts. */
const WARM_LINES = 2;
const RULES = { maxOrders: 10, maxUnits: 60, maxPicklists: 200 } as const;

// A fresh embedded database in .data/bench-picking; this process's Inngest client (the flush
// nudge after in-process transactions) talks to the same local executor as the app.
const bench = await Bench.prepare({ name: "picking", port: PORT, pgPort: PG_PORT, executorPort: EXECUTOR_PORT, env: { INNGEST_LOCAL_PORT: String(EXECUTOR_PORT) } });
// The executor's stop() does not wait for relay runs in flight: their errors at exit are not results.
bench.atStopFirst(() => (bench.logger.level = "silent"));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

type WaveRun = {
  label: string;
  via: "in-process" | "HTTP";
  waveId: string;
  fulfillments: number;
  picklists: number;
  lines: number;
  units: number;
  ms: number;
  routingMs: number;
  /** Statements the release sent (in-process runs only). */
  statements: number | null;
  cpu: CpuUsage | null;
  /** False when the app was still busy with earlier background work as the run started. */
  idle: boolean;
};

type Route = { picklists: number; lines: number; bins: number; walk: Path; byName: Path; byOrder: Path };
type Path = { stops: number; distance: number };

type PickStats = { label: string; confirms: number; errors: number; seconds: number; rate: number; p50: number; p95: number; p99: number; max: number; startP50: number };

/** Stops (arrivals at a bin; lines in the same bin one after another are one stop) and distance, in the given order. */
function walkPath(sequences: number[]): Path {
  let stops = 0;
  let distance = 0;
  for (let i = 0; i < sequences.length; i++) {
    if (i === 0 || sequences[i] !== sequences[i - 1]) stops++;
    if (i > 0) distance += Math.abs(sequences[i]! - sequences[i - 1]!);
  }
  return { stops, distance };
}

const benchStart = performance.now();
/** " — 42 s into the run" for the progress lines. */
const elapsed = () => ` — ${fmt((performance.now() - benchStart) / 1000)} s into the run`;

try {
  const loadAtStart = os.loadavg();
  const { app, dbUrl, sql } = await bench.start();
  const { releaseWave } = await import("@/server/picking/waves");
  const { buildBatches, walkOrder } = await import("@/server/picking/batches");
  const { startPicklist } = await import("@/server/picking/picklists");
  const { confirmPick } = await import("@/server/picking/pick");
  const { picklistDetail } = await import("@/server/picking/queries");
  const { transaction } = await import("@/db/transaction");

  const east = await warehouseId(sql, "EAST");
  const products = await stockWarehouse(sql, east);
  const [{ bins } = { bins: 0 }] = await sql<{ bins: number }[]>`select count(*)::int as bins from warehouse_locations where warehouse_id = ${east}`;
  const pickerEmails = ["picker.east@depot.test", ...(await addPickers(sql, east, PICKERS - 1, PASSWORD, "east"))];
  const staff = await sql<{ id: string; email: string; name: string; role: SessionUser["role"]; warehouse_id: string | null }[]>`
    select id, email, name, role, warehouse_id from users where email in ${sql([...pickerEmails, "manager.east@depot.test"])}`;
  const sessionUser = (email: string): SessionUser => {
    const u = staff.find((s) => s.email === email);
    if (!u) throw new Error(`no user ${email}`);
    return { id: u.id, email: u.email, name: u.name, role: u.role, warehouseId: u.warehouse_id };
  };
  const manager = sessionUser("manager.east@depot.test");
  const pickers = pickerEmails.map(sessionUser);
  // The in-process calls' pool, counting statements (round trips) per call.
  const domain = await countingDb(dbUrl, PICKERS);
  bench.atStopLast(domain);

  // Everyone signs in over HTTP (this also loads the auth and tRPC routes).
  const signInStart = performance.now();
  const managerClient = new StaffClient(app.url, manager.email);
  const pickerClients = pickerEmails.map((email) => new StaffClient(app.url, email));
  await Promise.all([managerClient, ...pickerClients].map((c) => c.signIn(PASSWORD)));
  console.log(`Signed in the manager and ${pickerClients.length} pickers over HTTP in ${fmt((performance.now() - signInStart) / 1000, 1)} s`);

  let settledMs = 0;
  /**
   * Waits until the relay has sent every due outbox row and the app, the database and this
   * process (the executor) are idle again, so a run does not share the machine with the
   * functions still running on the previous run's events.
   */
  async function settle(timeoutMs = 180_000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where status = 'pending' and available_at <= now()`;
      if (n === 0) break;
      if (performance.now() > deadline) throw new Error(`outbox still has ${n} due rows after ${timeoutMs / 1000} s`);
      await sleep(250);
    }
    const t0 = performance.now();
    // At most IDLE_WAIT_MS: on a machine busy with other work the app may never look idle.
    const waited = await waitForIdle({ parts: ["app", "database", "bench"], timeoutMs: IDLE_WAIT_MS });
    settledMs += performance.now() - t0;
    return waited === null || waited < IDLE_WAIT_MS;
  }

  const byProduct = new Map<string, StockedProduct>(products.map((p) => [p.productId, p]));
  let seedRun = 0;
  async function seedWave(): Promise<{ candidates: PickCandidate[]; idle: boolean }> {
    seedRun++;
    const seeded = await seedReadyFulfillments(sql, { warehouse: east, products, count: FULFILLMENTS, random: prng(SEED), tag: String(seedRun) });
    await sql`analyze orders, order_items, reservations, fulfillments, fulfillment_items, fulfillment_status_history, order_status_history, picklists, picklist_lines, users`;
    const idle = await settle();
    const candidates = seeded.map((f) => ({
      fulfillmentId: f.fulfillmentId,
      createdAt: f.createdAt,
      lines: f.lines.map((l) => {
        const p = byProduct.get(l.productId)!;
        return { fulfillmentItemId: l.fulfillmentItemId, productId: l.productId, locationId: p.locationId, zone: p.zone, walkSequence: p.walkSequence, quantity: l.quantity };
      }),
    }));
    return { candidates, idle };
  }

  /** buildBatches + walkOrder over the candidates, as releaseWave runs them; mean ms of ROUTING_REPEAT. */
  function routing(candidates: PickCandidate[]): { ms: number; batches: number } {
    let batches = 0;
    const t0 = performance.now();
    for (let i = 0; i < ROUTING_REPEAT; i++) {
      const made = buildBatches(candidates, RULES);
      for (const batch of made) walkOrder(batch.flatMap((c) => c.lines.map((l) => ({ ...l, fulfillmentId: c.fulfillmentId }))));
      batches = made.length;
    }
    return { ms: (performance.now() - t0) / ROUTING_REPEAT, batches };
  }

  type Released = { waveId: string; picklists: { fulfillments: number; units: number; lines: number }[] };
  function asReleased(value: unknown): Released {
    const v = value as Partial<Released> | null;
    if (!v || typeof v.waveId !== "string" || !Array.isArray(v.picklists)) throw new Error(`picking.releaseWave: unexpected answer ${JSON.stringify(value)?.slice(0, 200)}`);
    return v as Released;
  }

  // Warm-up, unmeasured: the domain modules and the releaseWave procedure on an empty warehouse.
  await transaction((tx) => releaseWave(tx, east, RULES, { userId: manager.id }), domain.db).catch(() => undefined);
  await managerClient.mutation("picking.releaseWave", RULES).catch((error: unknown) => {
    if (!(error instanceof TrpcCallError && error.code === "PRECONDITION_FAILED")) throw error;
  });

  // 1. Wave build.
  const waveRuns: WaveRun[] = [];
  for (let run = 1; run <= WAVE_RUNS + 1; run++) {
    const via = run <= WAVE_RUNS ? "in-process" : "HTTP";
    const { candidates, idle } = await seedWave();
    const statementsBefore = domain.statements();
    const cpuBefore = cpuSnapshot();
    const t0 = performance.now();
    const released =
      via === "in-process"
        ? await transaction((tx) => releaseWave(tx, east, RULES, { userId: manager.id }), domain.db)
        : asReleased(await managerClient.mutation("picking.releaseWave", RULES));
    const ms = performance.now() - t0;
    const cpu = cpuUsage(cpuBefore, cpuSnapshot(), ms / 1000);
    const statements = via === "in-process" ? domain.statements() - statementsBefore : null;
    const route = routing(candidates);
    const fulfillments = released.picklists.reduce((n, p) => n + p.fulfillments, 0);
    if (route.batches !== released.picklists.length) throw new Error(`routing made ${route.batches} batches, the wave ${released.picklists.length} picklists`);
    if (fulfillments !== FULFILLMENTS) throw new Error(`wave ${run} took ${fulfillments} of ${FULFILLMENTS} fulfillments`);
    waveRuns.push({
      label: `wave ${run}`,
      via,
      waveId: released.waveId,
      fulfillments,
      picklists: released.picklists.length,
      lines: released.picklists.reduce((n, p) => n + p.lines, 0),
      units: released.picklists.reduce((n, p) => n + p.units, 0),
      ms,
      routingMs: route.ms,
      statements,
      cpu,
      idle,
    });
    console.log(`  wave ${run} (${via}): ${released.picklists.length} picklists in ${fmt(ms)} ms (routing ${fmt(route.ms, 2)} ms)${elapsed()}`);
  }

  // Route quality of every released picklist.
  // Each picklist's lines in three orders: as picking.picklist lists them to the picker
  // (picklistDetail: walk sequence), by product name, and order by order (oldest first).
  type LineRow = { picklist_id: string; walk_sequence: number; stored: number; by_name: number; by_order: number };
  const lineRows = await sql<LineRow[]>`
    select l.picklist_id, l.walk_sequence,
      row_number() over (partition by l.picklist_id order by l.walk_sequence, l.id)::int as stored,
      row_number() over (partition by l.picklist_id order by p.name, l.fulfillment_item_id)::int as by_name,
      row_number() over (partition by l.picklist_id order by f.created_at, f.id, p.name, l.fulfillment_item_id)::int as by_order
    from picklist_lines l
    join picklists pl on pl.id = l.picklist_id
    join products p on p.id = l.product_id
    join fulfillments f on f.id = l.fulfillment_id
    where pl.wave_id in ${sql(waveRuns.map((w) => w.waveId))}`;
  const byPicklist = new Map<string, LineRow[]>();
  for (const r of lineRows) byPicklist.set(r.picklist_id, [...(byPicklist.get(r.picklist_id) ?? []), r]);
  const paths = { walk: [] as Path[], byName: [] as Path[], byOrder: [] as Path[], bins: [] as number[], lines: [] as number[] };
  for (const lines of byPicklist.values()) {
    const seqs = (sorted: LineRow[]) => sorted.map((l) => l.walk_sequence);
    paths.walk.push(walkPath(seqs([...lines].sort((a, b) => a.stored - b.stored))));
    paths.byName.push(walkPath(seqs([...lines].sort((a, b) => a.by_name - b.by_name))));
    paths.byOrder.push(walkPath(seqs([...lines].sort((a, b) => a.by_order - b.by_order))));
    paths.bins.push(new Set(lines.map((l) => l.walk_sequence)).size);
    paths.lines.push(lines.length);
  }
  const meanPath = (list: Path[]): Path => ({ stops: mean(list.map((p) => p.stops)), distance: mean(list.map((p) => p.distance)) });
  const route: Route = {
    picklists: byPicklist.size,
    lines: mean(paths.lines),
    bins: mean(paths.bins),
    walk: meanPath(paths.walk),
    byName: meanPath(paths.byName),
    byOrder: meanPath(paths.byOrder),
  };

  // 2. Scan confirmations.
  const idleBeforeHttp = await settle();
  const picklistsOf = async (waveId: string) =>
    (await sql<{ id: string }[]>`select id from picklists where wave_id = ${waveId} order by number`).map((r) => r.id);
  type Line = { id: string; binCode: string; sku: string; quantity: number; pickedQuantity: number; status: string };
  const linesOf = (detail: unknown, where: string): Line[] => {
    const lines = (detail as { lines?: unknown } | null)?.lines;
    if (!Array.isArray(lines)) throw new Error(`${where}: answer has no lines`);
    return lines as Line[];
  };

  type Picker = {
    start: (picklistId: string) => Promise<unknown>;
    read: (picklistId: string) => Promise<Line[]>;
    confirm: (line: Line) => Promise<unknown>;
  };
  const confirmInput = (line: Line) => ({ lineId: line.id, scanId: randomUUID(), binCode: line.binCode, sku: line.sku, quantity: line.quantity - line.pickedQuantity });
  const httpPickers: Picker[] = pickerClients.map((client) => ({
    start: (picklistId) => client.mutation("picking.start", { picklistId }),
    read: async (picklistId) => linesOf(await client.query("picking.picklist", { picklistId }), "picking.picklist"),
    confirm: (line) => client.mutation("picking.confirm", confirmInput(line)),
  }));
  const domainPickers: Picker[] = pickers.map((user) => ({
    start: (picklistId) => transaction((tx) => startPicklist(tx, picklistId, user), domain.db),
    read: async (picklistId) => (await picklistDetail(domain.db, picklistId, user)).lines,
    confirm: (line) => transaction((tx) => confirmPick(tx, confirmInput(line), user), domain.db),
  }));

  type PickRun = PickStats & { picklistIds: string[]; waits: WaitSummary; statementsPerConfirm: number | null; cpu: CpuUsage | null; idle: boolean };
  async function pickRun(
    label: string,
    workers: Picker[],
    waveId: string,
    errorMessages: Map<string, number>,
    idle: boolean,
    statements?: () => number,
  ): Promise<PickRun> {
    const picklistIds = (await picklistsOf(waveId)).slice(0, PICKLISTS);
    if (picklistIds.length < PICKLISTS) throw new Error(`${label}: the wave has ${picklistIds.length} picklists, fewer than ${PICKLISTS}`);
    const queue = [...picklistIds];
    const latencies: number[] = [];
    const starts: number[] = [];
    let errors = 0;
    let measuring = false;
    const confirmAll = async (picker: Picker, lines: Line[]) => {
      for (const line of lines) {
        const t0 = performance.now();
        try {
          await picker.confirm(line);
          if (measuring) latencies.push(performance.now() - t0);
        } catch (error) {
          if (measuring) errors++;
          countError(errorMessages, error);
        }
      }
    };
    const startAndRead = async (picker: Picker, picklistId: string): Promise<Line[]> => {
      const s0 = performance.now();
      await picker.start(picklistId);
      if (measuring) starts.push(performance.now() - s0);
      return (await picker.read(picklistId)).filter((l) => l.status === "pending");
    };
    // Warm-up, unmeasured: every picker starts its first picklist and confirms its first WARM_LINES lines, all at once.
    const rest = await Promise.all(
      workers.map(async (picker) => {
        const lines = await startAndRead(picker, queue.shift()!);
        await confirmAll(picker, lines.slice(0, WARM_LINES));
        return lines.slice(WARM_LINES);
      }),
    );
    measuring = true;
    const sampler = sampleWaits(sql);
    const statementsBefore = statements?.() ?? 0;
    const cpuBefore = cpuSnapshot();
    const t0 = performance.now();
    await Promise.all(
      workers.map(async (picker, i) => {
        await confirmAll(picker, rest[i]!);
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) await confirmAll(picker, await startAndRead(picker, id));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuUsage(cpuBefore, cpuSnapshot(), seconds);
    const statementsAfter = statements?.() ?? 0;
    const waits = await sampler.stop();
    const sorted = sortAscending(latencies);
    return {
      label,
      confirms: sorted.length,
      errors,
      seconds,
      rate: sorted.length / seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
      startP50: percentile(sortAscending(starts), 50),
      picklistIds,
      waits,
      statementsPerConfirm: statements ? (statementsAfter - statementsBefore) / sorted.length : null,
      cpu,
      idle,
    };
  }

  // The HTTP wave and the last in-process wave: same seed, so the same picklists in shape.
  const httpWave = waveRuns[waveRuns.length - 1]!;
  const domainWave = waveRuns[waveRuns.length - 2]!;
  const httpErrors = new Map<string, number>();
  const domainErrors = new Map<string, number>();
  const http = await pickRun(`picking.confirm over HTTP (${bench.mode})`, httpPickers, httpWave.waveId, httpErrors, idleBeforeHttp);
  console.log(`  HTTP: ${http.confirms} confirmations in ${fmt(http.seconds, 1)} s, p95 ${fmt(http.p95, 1)} ms${elapsed()}`);
  const idleBeforeReference = await settle();
  const reference = await pickRun("confirmPick in-process", domainPickers, domainWave.waveId, domainErrors, idleBeforeReference, domain.statements);
  console.log(`  in-process: ${reference.confirms} confirmations in ${fmt(reference.seconds, 1)} s, p95 ${fmt(reference.p95, 1)} ms${elapsed()}`);
  console.log(`  (${fmt(settledMs / 1000)} s of the run went to waiting, before each measurement, for the app's background work to finish)`);
  const loadAtEnd = os.loadavg();
  await domain.close();

  // Every picked picklist must end completed, with each line picked once and its fulfillments picked.
  const picked = [...http.picklistIds, ...reference.picklistIds];
  const [outcome] = await sql<{ picklists: number; completed: number; lines: number; picked: number; fulfillments: number; fulfillments_picked: number; confirmations: number }[]>`
    select count(distinct pl.id)::int as picklists,
      count(distinct pl.id) filter (where pl.status = 'completed')::int as completed,
      count(l.id)::int as lines,
      count(l.id) filter (where l.status = 'picked' and l.picked_quantity = l.quantity)::int as picked,
      count(distinct l.fulfillment_id)::int as fulfillments,
      count(distinct l.fulfillment_id) filter (where f.status = 'picked')::int as fulfillments_picked,
      (select count(*) from pick_confirmations c join picklist_lines cl on cl.id = c.line_id where cl.picklist_id in ${sql(picked)})::int as confirmations
    from picklists pl join picklist_lines l on l.picklist_id = pl.id join fulfillments f on f.id = l.fulfillment_id
    where pl.id in ${sql(picked)}`;
  const unfinished = !outcome || outcome.completed !== outcome.picklists || outcome.picked !== outcome.lines || outcome.fulfillments_picked !== outcome.fulfillments || outcome.confirmations !== outcome.lines;
  const broken = await stockInvariantViolations(sql, east);
  const machine = await machineLine(sql, "app, database, executor and clients");

  // Report.
  console.log(
    `\nPicking benchmark — waves over ${fmt(FULFILLMENTS)} ready fulfillments and scan confirmations by ${PICKERS} pickers (${bench.dev ? "next dev: figures not meaningful" : "next start"}), warehouse EAST: ${bins} bins, ${products.length} stocked products`,
  );
  console.log(machine);
  console.log(`Load average (1/5/15 min) at start ${loadAtStart.map((l) => fmt(l, 1)).join("/")}, after the confirmations ${loadAtEnd.map((l) => fmt(l, 1)).join("/")}\n`);

  const shape = waveRuns[0]!;
  console.log(
    `Wave build: releaseWave with ≤${RULES.maxOrders} orders and ≤${RULES.maxUnits} units per picklist, ≤${RULES.maxPicklists} picklists; each run all ${fmt(FULFILLMENTS)} pending fulfillments → ${shape.picklists} picklists, ${fmt(shape.lines)} lines, ${fmt(shape.units)} units`,
  );
  const cpuCols = (c: CpuUsage | null, scale: number, digits: number) =>
    c
      ? `${fmt(c.seconds.bench * scale, digits).padStart(8)} ${fmt(c.seconds.app * scale, digits).padStart(8)} ${fmt(c.seconds.database * scale, digits).padStart(8)} ${`${fmt(Math.max(0, c.machineBusyShare - c.oursShare) * 100)}%`.padStart(6)}`
      : `${"–".padStart(8)} ${"–".padStart(8)} ${"–".padStart(8)} ${"–".padStart(6)}`;
  const cpuHeader = (unit: string) => `${`bench ${unit}`.padStart(8)} ${`app ${unit}`.padStart(8)} ${`db ${unit}`.padStart(8)} ${"others".padStart(6)}`;
  const waveHeader = `${"run".padEnd(7)} ${"via".padEnd(10)} │ ${"wave ms".padStart(8)} ${"ms/fulfil.".padStart(10)} │ ${"routing ms".padStart(10)} ${"DB+rest ms".padStart(10)} ${"statements".padStart(10)} ${"ms/stmt".padStart(7)} │ ${"ratio".padStart(6)} │ ${cpuHeader("s")}`;
  console.log(waveHeader);
  console.log("─".repeat(waveHeader.length));
  for (const w of waveRuns) {
    console.log(
      `${`${w.label}${w.idle ? "" : "*"}`.padEnd(7)} ${w.via.padEnd(10)} │ ${fmt(w.ms).padStart(8)} ${fmt(w.ms / w.fulfillments, 2).padStart(10)} │ ${fmt(w.routingMs, 2).padStart(10)} ${fmt(w.ms - w.routingMs).padStart(10)} ${(w.statements === null ? "–" : fmt(w.statements)).padStart(10)} ${(w.statements === null ? "–" : fmt((w.ms - w.routingMs) / w.statements, 2)).padStart(7)} │ ${fmt(w.ms / w.routingMs).padStart(6)} │ ${cpuCols(w.cpu, 1, 1)}`,
    );
  }
  const inProcess = waveRuns.filter((w) => w.via === "in-process");
  console.log(
    [
      "",
      `wave ms:    the whole release, one transaction (claim with SKIP LOCKED, read lines and bins, batch, insert wave + picklists + lines,`,
      `            fulfillments → planning, each order confirmed → processing with history and events), commit and flush nudge included;`,
      `            in-process = transaction(tx => releaseWave(…)) here; HTTP = picking.releaseWave as manager.east (tRPC, next-auth JWT).`,
      `routing ms: buildBatches + walkOrder in memory over the same ${fmt(FULFILLMENTS)} candidates (mean of ${ROUTING_REPEAT}); DB+rest = wave ms − routing ms;`,
      `            statements = round trips the release sent (counted on the in-process pool), ms/stmt = DB+rest ÷ statements;`,
      `            ratio = wave ms ÷ routing ms. In-process mean ${fmt(mean(inProcess.map((w) => w.ms)))} ms over ${inProcess.length} runs.`,
      `bench/app/db s: CPU seconds during the release of this process (clients and the local executor), the app (next start) and the`,
      `            database (postgres server and backends); others = share of the machine's CPU time taken by processes outside this bench.`,
      ...(waveRuns.some((w) => !w.idle) ? [BUSY_NOTE] : []),
    ].join("\n"),
  );

  console.log(`\nRoute: per picklist, mean over the ${fmt(route.picklists)} released picklists (${fmt(route.lines, 1)} lines on ${fmt(route.bins, 1)} distinct bins each)`);
  const routeHeader = `${"lines listed".padEnd(40)} │ ${"stops".padStart(6)} ${"distance".padStart(9)} │ ${"vs walk".padStart(8)}`;
  console.log(routeHeader);
  console.log("─".repeat(routeHeader.length));
  const routeLine = (label: string, p: Path) =>
    console.log(`${label.padEnd(40)} │ ${fmt(p.stops, 1).padStart(6)} ${fmt(p.distance, 1).padStart(9)} │ ${`${fmt(p.distance / route.walk.distance, 2)}×`.padStart(8)}`);
  routeLine("walk order (as picking.picklist lists)", route.walk);
  routeLine("by product name", route.byName);
  routeLine("order by order (oldest first)", route.byOrder);
  console.log(
    [
      "",
      "stops:    arrivals at a bin (consecutive lines in one bin are one stop); distance: |Δ walk_sequence| summed from the first",
      "          to the last stop, 1 unit = 1 bin along the pick path (zone, aisle, shelf, bin). Walk saved vs by name:",
      `          ${fmt((1 - route.walk.distance / route.byName.distance) * 100, 1)}%, vs order by order: ${fmt((1 - route.walk.distance / route.byOrder.distance) * 100, 1)}%.`,
    ].join("\n"),
  );

  console.log(
    `\nScan confirmation: ${PICKERS} concurrent pickers, ${PICKLISTS} picklists of one wave per run (warm-up: each picker's first ${WARM_LINES} lines), one confirmation per line, no think time`,
  );
  const pickHeader = `${"run".padEnd(38)} ${"confirms".padStart(8)} ${"errors".padStart(6)} │ ${"conf/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"max ms".padStart(7)} │ ${"start p50".padStart(9)} ${"stmts/conf".padStart(10)} │ ${cpuHeader("ms")}`;
  console.log(pickHeader);
  console.log("─".repeat(pickHeader.length));
  for (const s of [http, reference]) {
    console.log(
      `${`${s.label}${s.idle ? "" : "*"}`.padEnd(38)} ${String(s.confirms).padStart(8)} ${String(s.errors).padStart(6)} │ ${fmt(s.rate, 1).padStart(7)} ${fmt(s.p50, 1).padStart(7)} ${fmt(s.p95, 1).padStart(7)} ${fmt(s.p99, 1).padStart(7)} ${fmt(s.max, 1).padStart(7)} │ ${fmt(s.startP50, 1).padStart(9)} ${(s.statementsPerConfirm === null ? "–" : fmt(s.statementsPerConfirm, 1)).padStart(10)} │ ${cpuCols(s.cpu, 1000 / s.confirms, 1)}`,
    );
  }
  console.log(
    [
      "",
      `ratio HTTP ÷ in-process: conf/s ${fmt(http.rate / reference.rate, 2)}, p50 ${fmt(http.p50 / reference.p50, 2)}, p95 ${fmt(http.p95 / reference.p95, 2)}, p99 ${fmt(http.p99 / reference.p99, 2)}`,
      "HTTP:       picking.confirm (tRPC over HTTP, session cookie from next-auth's credentials sign-in); timed = the confirm round trip;",
      "            conf/s = confirmations per wall-clock second of the run (picking.start + picking.picklist per picklist included).",
      `in-process: startPicklist / picklistDetail / transaction(tx => confirmPick(…)) in this process on ${PICKERS} connections; the app's server`,
      "            holds at most 10 database connections (db/client.ts). Both waves come from the same seed (same picklists in shape).",
      "start p50:  picking.start / startPicklist of the picklists after each picker's first (ms); stmts/conf: statements the in-process",
      "            pool sent during the run per confirmation (its share of starts and reads included); bench/app/db ms: CPU time of",
      "            this process, the app and the database during the run ÷ confirmations (starts, reads, relay and executor included);",
      "            others: share of the machine's CPU time taken by processes outside this bench during the run.",
      ...(http.idle && reference.idle ? [] : [BUSY_NOTE]),
      `database during HTTP:       ${describeWaits(http.waits)}`,
      `database during in-process: ${describeWaits(reference.waits)}`,
    ].join("\n"),
  );
  for (const [message, count] of httpErrors) console.log(`errors over HTTP: ${count} × ${message}`);
  for (const [message, count] of domainErrors) console.log(`errors in-process: ${count} × ${message}`);

  const failed = unfinished || broken.length > 0 || http.errors > 0 || reference.errors > 0;
  if (unfinished) console.error(`\nPicked picklists not all completed: ${JSON.stringify(outcome)}`);
  if (broken.length) {
    console.error(`\nStock invariants broken on ${broken.length} EAST rows:`);
    for (const b of broken.slice(0, 10)) console.error(`  ${JSON.stringify(b)}`);
  }
  if (!failed) {
    console.log(
      `\nAfter the run: the ${outcome!.picklists} picked picklists are completed, each of their ${fmt(outcome!.lines)} lines confirmed once and their ${fmt(outcome!.fulfillments)} fulfillments picked; EAST stock invariants hold (ledger sums = on_hand and reserved, reserved = live reservations).`,
    );
  }
  await bench.exit(failed ? 1 : 0);
} catch (error) {
  console.error(error);
  await bench.exit(1);
}
