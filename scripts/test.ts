/**
 * `npm test`: lint, typecheck, unit + integration tests (vitest, embedded PostgreSQL), then the
 * production build and the Playwright journeys in the system Chromium. Stops at the first
 * failing stage. `--only <stage>` runs one stage (lint, typecheck, vitest, e2e).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { chromiumInstallHint, findChromium } from "./lib/chromium";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;

// Tests never touch a developer's DATABASE_URL; vitest uses TEST_DATABASE_URL or embedded.
const { DATABASE_URL: _ignored, ...baseEnv } = process.env;

type Stage = { name: string; run: () => number };

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...baseEnv, ...env } as NodeJS.ProcessEnv });
  return result.status ?? 1;
}

const stages: Stage[] = [
  {
    name: "lint",
    // ESLint, then the module layers (dependency-cruiser): a wrong import or a cycle fails here.
    run: () => run(bin("eslint"), [".", "--max-warnings=0"]) || run(bin("tsx"), ["scripts/module-graph.ts", "--quiet"]),
  },
  { name: "typecheck", run: () => run(bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]) },
  { name: "vitest", run: () => run(bin("vitest"), ["run", "--config", "scripts/vitest.config.ts"]) },
  {
    name: "e2e",
    run: () => {
      const chromium = findChromium();
      if (!chromium) {
        console.error(chromiumInstallHint);
        return 1;
      }
      const build = run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
      if (build !== 0) return build;
      return run(bin("playwright"), ["test", "--config", "e2e/playwright.config.ts"], { CHROMIUM_PATH: chromium });
    },
  },
];

const selected = only ? stages.filter((s) => s.name === only) : stages;
if (selected.length === 0) {
  console.error(`Unknown stage "${only}". Stages: ${stages.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
for (const stage of selected) {
  console.log(`\n▶ ${stage.name}`);
  const started = Date.now();
  const code = stage.run();
  console.log(`${code === 0 ? "✔" : "✘"} ${stage.name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (code !== 0) process.exit(code);
}
