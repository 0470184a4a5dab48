import path from "node:path";
import { defineConfig } from "@playwright/test";
import { tsxNodeArgs } from "../scripts/lib/tsx-args";
import { inboxPort, smtpPort } from "./inbox";

const port = Number(process.env.E2E_PORT ?? 3100);
const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  testDir: ".",
  outputDir: path.join(root, "test-results"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never", outputFolder: path.join(root, "playwright-report") }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      // The SMTP server the app sends its mail to (SMTP_URL), and where specs read it (e2e/inbox.ts).
      command: `node --import tsx ${path.join(root, "e2e/smtp-inbox-server.ts")}`,
      cwd: root,
      url: `http://127.0.0.1:${inboxPort()}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: { E2E_SMTP_PORT: String(smtpPort()), E2E_INBOX_PORT: String(inboxPort()) },
    },
    {
      // The production build (npm test builds it first) on a fresh embedded database.
      command: `node ${tsxNodeArgs.join(" ")} ${path.join(root, "scripts/e2e-server.ts")}`,
      cwd: root,
      url: `http://127.0.0.1:${port}/api/health/ready`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: { E2E_PORT: String(port), E2E_SMTP_PORT: String(smtpPort()) },
    },
  ],
});
