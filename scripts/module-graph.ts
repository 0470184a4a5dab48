/**
 * Prints Depot's module graph (one line per module: its layer and what it imports) and fails
 * when the code breaks the layers of scripts/layers.cjs: a dependency-cruiser rule violation,
 * a module folder no layer declares, or an import cycle between modules (type-only imports
 * included). Part of `npm run lint`, and so of `npm test`.
 *
 *   npx tsx scripts/module-graph.ts           the graph, then the verdict
 *   npx tsx scripts/module-graph.ts --quiet   the verdict only
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

type Layer = { name: string; modules: string[]; alsoPaths?: string[] };
type Violation = { from: string; to: string; rule: { name: string; severity: string } };
type Dependency = { resolved: string; dependencyTypes: string[] };
type CruisedModule = { source: string; dependencies: Dependency[] };
type CruiseResult = { modules: CruisedModule[]; summary: { violations: Violation[] } };

const root = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const { layers, entryModules } = require("./layers.cjs") as { layers: Layer[]; entryModules: string[] };
const quiet = process.argv.includes("--quiet");

/** The module a file belongs to: server/<folder> (or the foundation file), else its top folder. */
export function moduleOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] === "server") return parts.length > 2 ? `server/${parts[1]}` : `server/${parts[1]!.replace(/\.tsx?$/, "")}`;
  if (["db", "inngest", "app", "components", "scripts"].includes(parts[0]!)) return parts[0]!;
  return null;
}

const isTest = (file: string) => /\.(test|fixture)\.tsx?$|(^|\/|-)testing\.ts$|(^|\/)test-[^/]+\.ts$/.test(file);

function cruise(): CruiseResult {
  const bin = path.join(root, "node_modules/.bin/depcruise");
  const args = ["--config", ".dependency-cruiser.cjs", "--output-type", "json", "server", "db", "inngest", "app", "components", "scripts"];
  const run = spawnSync(bin, args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`dependency-cruiser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as CruiseResult;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

function main(): number {
  const result = cruise();
  const layerOf = new Map<string, string>();
  for (const layer of layers) for (const m of layer.modules) layerOf.set(`server/${m.replace(/\.ts$/, "")}`, layer.name);
  for (const p of layers[0]!.alsoPaths ?? []) layerOf.set(p, layers[0]!.name);
  for (const m of entryModules) layerOf.set(`server/${m}`, "entry points");

  // Module → modules it imports (tests and test helpers left out: they may reach anywhere).
  const graph = new Map<string, Set<string>>();
  for (const mod of result.modules) {
    const from = moduleOf(mod.source);
    if (!from || isTest(mod.source)) continue;
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const dep of mod.dependencies) {
      const to = moduleOf(dep.resolved);
      if (to && to !== from) targets.add(to);
    }
  }

  const problems: string[] = [];
  const folders = readdirSync(path.join(root, "server"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `server/${d.name}`);
  for (const folder of folders) if (!layerOf.has(folder)) problems.push(`${folder} is in no layer: declare it in scripts/layers.cjs`);
  for (const v of result.summary.violations) problems.push(`${v.rule.name}: ${v.from} → ${v.to}`);
  const serverGraph = new Map([...graph].filter(([m]) => m.startsWith("server/")).map(([m, to]) => [m, new Set([...to].filter((t) => t.startsWith("server/")))]));
  for (const cycle of cycles(serverGraph)) problems.push(`import cycle between modules: ${cycle.join(" ↔ ")}`);

  if (!quiet) {
    const order = [...layers.map((l) => l.name), "entry points"];
    const rows = [...graph.keys()].sort((a, b) => {
      const la = order.indexOf(layerOf.get(a) ?? "entry points");
      const lb = order.indexOf(layerOf.get(b) ?? "entry points");
      return la - lb || a.localeCompare(b);
    });
    console.log("Module graph, lowest layer first (module [layer] → what it imports):");
    for (const m of rows) console.log(`  ${m} [${layerOf.get(m) ?? "entry points"}] → ${[...graph.get(m)!].sort().join(", ") || "nothing of the app"}`);
  }
  if (problems.length > 0) {
    console.error(`\n✘ ${problems.length} layer problem(s):`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  console.log(`✔ ${graph.size} modules, ${result.modules.length} files: every import follows the layers, no cycles.`);
  return 0;
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith("module-graph.ts")) process.exit(main());
