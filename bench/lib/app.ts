/**
 * Starting and stopping the real app for a bench: a fresh embedded PostgreSQL in the bench's
 * own data dir and ports, Next.js (`start`, or `dev` with --dev), the local Inngest executor,
 * an admin connection to the same database, and everything closed again on exit or Ctrl-C.
 *
 * App modules read process.env when they load, so they are only imported (dynamically) after
 * `Bench.prepare` has set it; this module imports nothing of the app at its top.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type postgres from "postgres";
import type { DbHandle } from "@/db/client";
import type { Logger } from "@/server/lib/logging";
import type { RunningApp, runApp as RunApp } from "../../scripts/lib/run-app";
import { relaxAbuseLimits } from "../../scripts/lib/relaxed-limits";
import { fmt } from "./stats";

export const root = path.resolve(import.meta.dirname, "../..");

type Closable = { close: () => Promise<void> };

export type BenchOptions = {
  /** Names the data dir, .data/bench-<name>, wiped at start. */
  name: string;
  port: number;
  pgPort: number;
  executorPort: number;
  /** More settings for the app; undefined removes a variable. */
  env?: Record<string, string | undefined>;
};

/** The database URL of the embedded server: runApp does not return it, its credentials are in the data dir. */
export function embeddedDatabaseUrl(dataDir: string, pgPort: number): string {
  const credentials = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as { user: string; password: string };
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${pgPort}/depot`;
}

export class Bench {
  /** `--dev` on the command line: `next dev` instead of `next start` (quick checks only). */
  readonly dev = process.argv.includes("--dev");
  /** The app once started. */
  app: RunningApp | undefined;
  private readonly pools: Closable[] = [];
  private readonly firstAtStop: (() => void)[] = [];
  private readonly lastAtStop: Closable[] = [];

  private constructor(
    readonly options: BenchOptions,
    readonly dataDir: string,
    readonly logger: Logger,
    private readonly runApp: typeof RunApp,
    private readonly createDb: (url: string, options?: { max?: number }) => DbHandle,
  ) {}

  /**
   * Checks for a production build (unless dev), sets process.env for the app (the Next.js
   * child inherits it) and the modules loaded after it, wipes the data dir, loads the app
   * modules, and stops everything on Ctrl-C (exit code 130).
   */
  static async prepare(options: BenchOptions): Promise<Bench> {
    if (!process.argv.includes("--dev") && !existsSync(path.join(root, ".next/BUILD_ID"))) {
      console.error("Run `npm run build` first");
      process.exit(1);
    }
    // Always a fresh embedded database, never a DATABASE_URL from the shell.
    delete process.env.DATABASE_URL;
    process.env.AUTH_SECRET ||= randomBytes(32).toString("hex");
    process.env.RESERVATION_TTL_MINUTES = String(7 * 24 * 60); // the maximum: nothing expires mid-run
    // Each bench client stands for a shopper on a network of its own, reported by a proxy in front
    // (X-Forwarded-For, see benchClientAddress); the limits count every call but refuse none.
    process.env.TRUSTED_PROXY_HOPS ??= "1";
    relaxAbuseLimits(process.env);
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    const dataDir = path.join(root, `.data/bench-${options.name}`);
    rmSync(dataDir, { recursive: true, force: true });

    const { runApp } = await import("../../scripts/lib/run-app");
    const { createDb } = await import("@/db/client");
    const { logger } = await import("@/server/lib/logging");
    // The local executor runs in this process and logs every run at info; keep this terminal for
    // results (the app server keeps its own LOG_LEVEL, its stdout is discarded by runApp's quiet).
    if (!process.env.LOG_LEVEL) logger.level = "warn";

    const bench = new Bench(options, dataDir, logger, runApp, createDb);
    if (!process.env.SMTP_URL) {
      // Production mode requires SMTP_URL; the bench's customer mail goes to a local sink that drops it.
      const { startSmtpInbox } = await import("../../scripts/lib/smtp-inbox");
      const sink = await startSmtpInbox({ parse: false });
      process.env.SMTP_URL = sink.url;
      bench.atStopLast(sink);
    }
    process.once("SIGINT", () => void bench.stop().finally(() => process.exit(130)));
    return bench;
  }

  /** "next dev" or "next start". */
  get mode(): string {
    return this.dev ? "next dev" : "next start";
  }

  /**
   * Starts the app and opens the admin connection (2 connections) to its database; prints how
   * long it took since `startedAt` (default: now).
   */
  async start(startedAt = performance.now()): Promise<{ app: RunningApp; dbUrl: string; sql: postgres.Sql }> {
    const { port, pgPort, executorPort } = this.options;
    const app = await this.runApp({ mode: this.dev ? "dev" : "start", dataDir: this.dataDir, port, pgPort, executorPort, quiet: true });
    this.app = app;
    const dbUrl = embeddedDatabaseUrl(this.dataDir, pgPort);
    const admin = this.openPool(dbUrl, 2);
    console.log(`Depot (${this.mode}) up at ${app.url} in ${fmt((performance.now() - startedAt) / 1000, 1)} s`);
    return { app, dbUrl, sql: admin.sql };
  }

  /** A connection pool of at most `max` to `url`, closed at stop unless closed before with closePool. */
  openPool(url: string, max: number): DbHandle {
    const pool = this.createDb(url, { max });
    this.pools.push(pool);
    return pool;
  }

  async closePool(pool: DbHandle): Promise<void> {
    await pool.close();
    this.pools.splice(this.pools.indexOf(pool), 1);
  }

  /** Runs `fn` first thing at stop. */
  atStopFirst(fn: () => void): void {
    this.firstAtStop.push(fn);
  }

  /** Closes `thing` at stop, after the app has stopped. */
  atStopLast(thing: Closable): void {
    this.lastAtStop.push(thing);
  }

  /** Closes the pools, stops the app (executor, Next.js, database), then what atStopLast named. */
  async stop(): Promise<void> {
    for (const fn of this.firstAtStop) fn();
    await Promise.all(this.pools.map((h) => h.close().catch(() => undefined)));
    await this.app?.stop().catch(() => undefined);
    for (const thing of this.lastAtStop) await thing.close().catch(() => undefined);
  }

  /** Stops everything and exits with `code`. */
  async exit(code: number): Promise<never> {
    await this.stop();
    process.exit(code);
  }
}
