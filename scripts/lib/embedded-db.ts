import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export type EmbeddedDb = { url: string; stop: () => Promise<void>; child: ChildProcess };

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Starts embedded PostgreSQL in a child process (see embedded-postgres.ts) and resolves with
 * its URL. The child stops when `stop()` is called or when this process exits.
 */
export function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  timeoutMs?: number;
}): Promise<EmbeddedDb> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts/embedded-postgres.ts"), options.dataDir, String(options.port), options.database ?? "depot"],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
  );
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr.push(chunk.toString());
  });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.stdin?.end();
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`embedded PostgreSQL did not start within ${options.timeoutMs ?? 120_000} ms\n${stderr.join("")}`));
    }, options.timeoutMs ?? 120_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited with code ${code}:\n${stderr.join("")}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({ url: line.slice(6).trim(), stop, child });
      }
    });
  });
}
