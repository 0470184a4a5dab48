/**
 * The e2e suite's mail server, started by Playwright (webServer in playwright.config.ts) beside
 * the app, which sends to it through SMTP_URL (scripts/e2e-server.ts): a real SMTP server
 * (smtp-server) on loopback that parses every message it accepts (mailparser) and keeps it in
 * memory, and a small HTTP endpoint on loopback the specs' workers read it from (e2e/inbox.ts):
 *
 *   GET /messages   every message received so far, oldest first (ReceivedMail[])
 *   GET /health     200 once both servers listen
 */
import http from "node:http";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { inboxPort, smtpPort, type ReceivedMail } from "./inbox";

const received: ReceivedMail[] = [];

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((a) => a.address?.toLowerCase() ?? ""));
}

const smtp = new SMTPServer({
  // Plain SMTP on loopback, no login: what the app's SMTP_URL=smtp://127.0.0.1:<port> expects.
  disabledCommands: ["STARTTLS"],
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: addresses(mail.from),
          to: addresses(mail.to),
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: typeof mail.html === "string" ? mail.html : "",
          headers: Object.fromEntries([...mail.headers.keys()].map((k) => [k, String(mail.headers.get(k))])),
          receivedAt: new Date().toISOString(),
        });
        callback();
      })
      .catch((error: Error) => callback(error));
  },
});

const api = http.createServer((req, res) => {
  const body = req.url === "/messages" ? received : req.url === "/health" ? { ok: true } : undefined;
  res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(body ?? { error: "not found" }));
});

smtp.on("error", (error) => console.error(`[smtp-inbox] ${error.message}`));
await new Promise<void>((resolve, reject) => {
  smtp.server.once("error", reject);
  smtp.listen(smtpPort(), "127.0.0.1", () => resolve());
});
await new Promise<void>((resolve, reject) => {
  api.once("error", reject);
  api.listen(inboxPort(), "127.0.0.1", () => resolve());
});
console.log(`[smtp-inbox] SMTP on 127.0.0.1:${smtpPort()}, received mail on http://127.0.0.1:${inboxPort()}/messages`);

function close() {
  setTimeout(() => process.exit(0), 5_000).unref();
  api.close();
  smtp.close(() => process.exit(0));
}
process.on("SIGTERM", close);
process.on("SIGINT", close);
