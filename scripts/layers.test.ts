import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const fixture = path.join(root, "scripts/fixtures/layers");

type Violation = { from: string; to: string; rule: { name: string } };

/** The real rule set of .dependency-cruiser.cjs, run over the fixture tree. */
function violations(): Violation[] {
  const run = spawnSync(path.join(root, "node_modules/.bin/depcruise"), ["--config", path.join(root, ".dependency-cruiser.cjs"), "--output-type", "json", "server"], {
    cwd: fixture,
    encoding: "utf8",
  });
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe("the layer rules (issue 13)", () => {
  const found = violations();
  const rulesFor = (from: string) => found.filter((v) => v.from === from).map((v) => `${v.rule.name} → ${v.to}`);

  it("refuse a module importing a higher layer: inventory → orders", () => {
    expect(rulesFor("server/inventory/levels.ts")).toContain("layer-stock → server/orders/index.ts");
  });

  it("refuse reaching into another module's internals instead of its index.ts", () => {
    expect(rulesFor("server/orders/cancel.ts")).toEqual(["through-index-only → server/inventory/levels.ts"]);
  });

  it("let a module import a lower layer through its index.ts", () => {
    expect(rulesFor("server/orders/status.ts").filter((r) => !r.startsWith("no-cycles"))).toEqual([]);
  });
});
