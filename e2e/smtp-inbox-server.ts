/**
 * The e2e suite's mail server, started by Playwright (webServer in playwright.config.ts) beside
 * the app, which sends to it through SMTP_URL (scripts/e2e-server.ts): a real SMTP server on
 * loopback that parses every message it accepts (scripts/lib/smtp-inbox.ts), and a small HTTP
 * endpoint on loopback the specs' workers read it from (e2e/inbox.ts):
 *
 *   GET /messages   every message received so far, oldest first (ReceivedMail[])
 *   GET /health     200 once both servers listen
 */
import http from "node:http";
import type { AddressObject, ParsedMail } from "mailparser";
import { startSmtpInbox } from "../scripts/lib/smtp-inbox";
import { inboxPort, smtpPort, type ReceivedMail } from "./inbox";

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((a) => a.address?.toLowerCase() ?? ""));
}

function received(mail: ParsedMail): ReceivedMail {
  return {
    from: addresses(mail.from),
    to: addresses(mail.to),
    subject: mail.subject ?? "",
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : "",
    messageId: mail.messageId ?? "",
  };
}

const smtp = await startSmtpInbox({ port: smtpPort() });
const api = http.createServer((req, res) => {
  const body = req.url === "/messages" ? smtp.messages.map(received) : req.url === "/health" ? { ok: true } : undefined;
  res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(body ?? { error: "not found" }));
});
await new Promise<void>((resolve, reject) => {
  api.once("error", reject);
  api.listen(inboxPort(), "127.0.0.1", () => resolve());
});
console.log(`[smtp-inbox] SMTP on ${smtp.url}, received mail on http://127.0.0.1:${inboxPort()}/messages`);

function close() {
  setTimeout(() => process.exit(0), 5_000).unref();
  api.close();
  void smtp.close().then(() => process.exit(0));
}
process.on("SIGTERM", close);
process.on("SIGINT", close);
