import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { DEMO_PASSWORD, demoLogins } from "@/db/seed-data";
import { createLocalExecutor, executorKeys, type LocalExecutor } from "@/inngest/local-executor";
import { EnvError, parseEnv, type Env } from "@/server/env";
import { smtpServer, startMailCatcher, type MailCatcher } from "./mail-catcher";
import { prepareDatabase } from "./prepare-db";
import { localSigningKey } from "./signing-key";
import { tsxNodeArgs } from "./tsx-args";

export const root = path.resolve(import.meta.dirname, "../..");

export type RunAppOptions = {
  mode: "dev" | "start";
  /** Where the embedded PostgreSQL keeps its data (ignored with DATABASE_URL). */
  dataDir?: string;
  port?: number;
  pgPort?: number;
  executorPort?: number;
  quiet?: boolean;
};

export type RunningApp = { url: string; env: Env; stop: () => Promise<void> };

/** Validates settings before anything starts, so a bad value stops us with a readable message. */
export function settingsOrExit(source: Record<string, string | undefined>): Env {
  try {
    return parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The app's settings for a run, validated (a bad value exits with a readable message), and what
 * the run sets for the Next.js process on top of the environment.
 */
export function appSettings(options: Pick<RunAppOptions, "mode" | "dataDir" | "port" | "executorPort">) {
  const dataDir = options.dataDir ?? path.join(root, ".data/pg");
  const overrides: Record<string, string> = {
    NODE_ENV: options.mode === "dev" ? "development" : "production",
    // The app and its local executor sign and check /api/inngest calls with it (unused with Inngest).
    INNGEST_LOCAL_SIGNING_KEY: process.env.INNGEST_LOCAL_SIGNING_KEY || localSigningKey(dataDir),
  };
  if (options.port) overrides.PORT = String(options.port);
  if (options.executorPort) overrides.INNGEST_LOCAL_PORT = String(options.executorPort);
  return { dataDir, overrides, settings: settingsOrExit({ ...process.env, ...overrides }) };
}

/**
 * Database (embedded unless DATABASE_URL), migrations and demo seed, Next.js, and, when no
 * Inngest is configured, the local executor on loopback; in development without SMTP_URL, a mail
 * catcher on loopback that the app sends its mail to (production mail needs a real SMTP_URL).
 */
export async function runApp(options: RunAppOptions): Promise<RunningApp> {
  const { dataDir, overrides, settings } = appSettings(options);
  const appUrl = options.port ? `http://127.0.0.1:${settings.port}` : settings.appUrl;

  const configuredSmtpUrl = settings.mail.smtpUrl;
  const mailCatcher: MailCatcher | undefined =
    options.mode === "dev" && !configuredSmtpUrl
      ? await startMailCatcher({ ...settings.mailCatcher, mailDir: path.join(dataDir, "mail") })
      : undefined;
  const database = await prepareDatabase({
    dataDir,
    port: options.pgPort ?? settings.embeddedPgPort,
  }).catch(async (error: unknown) => {
    await mailCatcher?.stop();
    throw error;
  });

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...overrides,
    DATABASE_URL: database.url,
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(mailCatcher ? { SMTP_URL: mailCatcher.smtpUrl } : {}),
  };
  const next: ChildProcess = spawn(process.execPath, [...tsxNodeArgs, path.join(root, "scripts/next-server.ts"), options.mode, String(settings.port)], {
    cwd: root,
    env: childEnv,
    stdio: options.quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });

  let executor: LocalExecutor | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await executor?.stop().catch(() => undefined);
    if (next.exitCode === null) {
      next.kill("SIGTERM");
      await new Promise((resolve) => next.once("exit", resolve));
    }
    await mailCatcher?.stop();
    await database.stop();
  };
  next.once("exit", (code) => {
    if (stopping) return;
    console.error(`Next.js exited unexpectedly (code ${code}); stopping Depot.`);
    void stop().finally(() => process.exit(code || 1));
  });
  mailCatcher?.onUnexpectedExit((how) => {
    if (stopping) return;
    console.error(`The mail catcher exited unexpectedly (${how}); stopping Depot.`);
    void stop().finally(() => process.exit(1));
  });

  try {
    await waitForHttp(`http://127.0.0.1:${settings.port}/api/health/live`, 180_000);
    if (settings.inngest.kind === "embedded") {
      executor = createLocalExecutor({
        serveUrl: `http://127.0.0.1:${settings.port}/api/inngest`,
        port: Number(new URL(settings.inngest.localUrl).port),
        ...executorKeys(settings.inngest),
      });
      await executor.start();
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const mail = mailCatcher
    ? `Mail inbox:         ${mailCatcher.inboxUrl}`
    : `Mail:               ${configuredSmtpUrl ? `over SMTP to ${smtpServer(configuredSmtpUrl)} (SMTP_URL)` : "not sent, no SMTP_URL"}`;
  if (!options.quiet) printBanner(appUrl, settings, database.embedded ? path.relative(root, dataDir) : undefined, database.seeded, mail);
  return { url: appUrl, env: settings, stop };
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function printBanner(url: string, settings: Env, embeddedDir: string | undefined, seeded: boolean, mail: string) {
  const lines = [
    "",
    `  Depot is running at ${url}`,
    `  Staff console:      ${url}/console`,
    `  Database:           ${embeddedDir ? `embedded PostgreSQL (${embeddedDir})` : "DATABASE_URL"}${seeded ? ", demo data just seeded" : ""}`,
    `  Background jobs:    ${settings.inngest.kind === "embedded" ? `local executor on ${settings.inngest.localUrl}` : "Inngest (external)"}`,
    `  ${mail}`,
    "",
    `  Demo sign-ins (password "${DEMO_PASSWORD}"):`,
    ...demoLogins.map((u) => `    ${u.role.padEnd(18)} ${u.email}`),
    "",
  ];
  console.log(lines.join("\n"));
}

/** Keeps the process alive until Ctrl-C / SIGTERM, then stops everything. */
export function stopOnSignals(app: RunningApp): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void app.stop().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
