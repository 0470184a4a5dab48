import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { smtpPort } from "../e2e/inbox";
import { relaxAbuseLimits } from "./lib/relaxed-limits";

// The server the Playwright journeys run against: the production build on a fresh embedded
// database with the demo data, plus the local executor, on ports of its own.
const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".data/e2e");
rmSync(dataDir, { recursive: true, force: true });
delete process.env.DATABASE_URL;
process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
// The production server refuses to start without SMTP: mail goes to the suite's own SMTP server,
// which Playwright starts beside this one (e2e/smtp-inbox-server.ts), never to a developer's.
process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort()}`;
// One line per background run would drown the test report.
process.env.LOG_LEVEL ??= "warn";
// Every journey comes from 127.0.0.1 and places, registers and looks up a lot: only the sign-in
// throttle keeps its production settings here (e2e/rate-limits.spec.ts); vitest covers the rest.
relaxAbuseLimits(process.env);
// Imported only now: the logger reads LOG_LEVEL when its module loads.
const { runApp, stopOnSignals } = await import("./lib/run-app");

stopOnSignals(
  await runApp({
    mode: "start",
    dataDir,
    port: Number(process.env.E2E_PORT ?? 3100),
    pgPort: Number(process.env.E2E_PG_PORT ?? 54349),
    executorPort: Number(process.env.E2E_EXECUTOR_PORT ?? 18388),
  }),
);
