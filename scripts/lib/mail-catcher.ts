import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export type MailCatcher = {
  /** What the app sends to (no credentials: the catcher takes any mail on loopback). */
  smtpUrl: string;
  /** Its web inbox, for people. */
  inboxUrl: string;
  /** Called once if the catcher exits on its own (not through stop), with its exit code or signal. */
  onUnexpectedExit: (listener: (how: string) => void) => void;
  stop: () => Promise<void>;
};

/** MailDev prints this last line of its banner once both its SMTP and web servers listen. */
const READY_LINE = "Press Ctrl+C to stop";

// Its package exports no bin path to resolve, so the installed CLI is started by its file.
const maildevBin = path.resolve(import.meta.dirname, "../../node_modules/maildev/dist/bin/maildev.js");

/**
 * Starts MailDev (https://github.com/maildev/maildev) in a child process: SMTP and its web
 * inbox on loopback only, the mail kept under `mailDir` so it survives a restart. Resolves once
 * both listen; rejects (with MailDev's own message, e.g. a port in use) if it exits first.
 */
export function startMailCatcher(options: { smtpPort: number; webPort: number; mailDir: string; timeoutMs?: number }): Promise<MailCatcher> {
  const args = [
    maildevBin,
    ...["--smtp", String(options.smtpPort), "--ip", "127.0.0.1"],
    ...["--web", String(options.webPort), "--web-ip", "127.0.0.1"],
    ...["--mail-directory", path.resolve(options.mailDir)],
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => void output.push(chunk.toString());
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);

  let stopping = false;
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(code === null ? `signal ${signal}` : `code ${code}`)));
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(force);
  };

  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the mail catcher (MailDev) did not start within ${timeoutMs / 1000} s\n${output.join("")}`));
    }, timeoutMs);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the mail catcher (MailDev, SMTP port ${options.smtpPort}, web port ${options.webPort}) exited (${how}) while starting:\n${output.join("")}` +
            "Choose other ports with MAIL_CATCHER_SMTP_PORT and MAIL_CATCHER_WEB_PORT, or send mail elsewhere with SMTP_URL.",
        ),
      );
    });
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      if (!line.includes(READY_LINE)) return;
      clearTimeout(timer);
      lines.close();
      // Ready: its log of each received mail is not ours to print.
      child.stdout.off("data", collect).resume();
      child.stderr.off("data", collect).resume();
      resolve({
        smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
        inboxUrl: `http://localhost:${options.webPort}/`,
        onUnexpectedExit: (listener) => void exited.then((how) => stopping || listener(how)),
        stop,
      });
    });
  });
}

/** The SMTP server of a URL, without its user, password or options, for printing. */
export function smtpServer(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "(not a URL)";
  }
}
