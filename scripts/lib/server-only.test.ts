import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tsxNodeArgs } from "./tsx-args";

const root = path.resolve(import.meta.dirname, "../..");
const guard = path.join(root, "server/console/guard.ts");

/** Runs `node <args>` importing a module marked server-only, as a tsx-run script would. */
function importUnder(args: string[]) {
  const code = `const m = await import(${JSON.stringify(guard)}); console.log(typeof m.requireUser);`;
  return spawnSync(process.execPath, [...args, "--input-type=module", "--eval", code], { cwd: root, encoding: "utf8" });
}

describe("server-only under tsx (issue 13)", () => {
  it("a script started with tsxNodeArgs imports a module marked server-only", () => {
    const run = importUnder(tsxNodeArgs);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("function");
  });

  it("without the hook the marker throws, so scripts need it", () => {
    const run = importUnder(["--import", "tsx"]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("cannot be imported from a Client Component");
  });
});
