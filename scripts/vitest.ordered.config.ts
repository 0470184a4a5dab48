import path from "node:path";
import { defineConfig, mergeConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "./vitest.config";

/**
 * Runs the test files named on the command line one after another, in the order given, on one
 * database: `npx vitest run --config scripts/vitest.ordered.config.ts a.test.ts b.test.ts`, then
 * `… b.test.ts a.test.ts`. Both must pass: no test file may depend on what another left behind.
 */
class CommandLineOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const position = (file: TestSpecification) => {
      const at = process.argv.findIndex((arg) => file.moduleId.endsWith(path.normalize(arg).replace(/^\.\//, "")));
      return at === -1 ? Number.MAX_SAFE_INTEGER : at;
    };
    return [...files].sort((a, b) => position(a) - position(b));
  }
}

export default mergeConfig(base, defineConfig({ test: { sequence: { sequencer: CommandLineOrder } } }));
