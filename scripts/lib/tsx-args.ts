import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** Node flags for a child process that runs a TypeScript entry point which may import server-only modules. */
export const tsxNodeArgs = ["--import", path.join(root, "scripts/lib/server-only.mjs"), "--import", "tsx"];
