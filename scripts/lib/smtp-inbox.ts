import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SmtpInbox = {
  url: string;
  /** Every mail the server accepted, parsed (mailparser), in arrival order. */
  messages: ParsedMail[];
  /** While true the server answers every MAIL FROM with a temporary failure (451). */
  refuse: (on: boolean) => void;
  /** Mails sent to this address. */
  to: (address: string) => ParsedMail[];
  close: () => Promise<void>;
};

/**
 * A real SMTP server on a loopback port (smtp-server; a free one unless `port` is given), plain
 * SMTP without STARTTLS, its received mails parsed with mailparser (`parse: false`: accepted and
 * dropped, the test runs' sink).
 */
export async function startSmtpInbox(options: { parse?: boolean; port?: number } = {}): Promise<SmtpInbox> {
  const messages: ParsedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refusing) return callback(Object.assign(new Error("mailbox temporarily unavailable (test refuses)"), { responseCode: 451 }));
      callback();
    },
    onData(stream, _session, callback) {
      if (options.parse === false) {
        stream.on("end", () => callback());
        stream.resume();
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // A client hanging up mid-session (a test's process ending, ECONNRESET) is that session's end,
  // not the server's: without a listener, smtp-server's "error" event would crash the process.
  server.on("error", () => undefined);
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const addressed = (mail: ParsedMail, address: string) =>
    [mail.to].flat().some((to) => to?.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()));
  return {
    url,
    messages,
    refuse: (on) => {
      refusing = on;
    },
    to: (address) => messages.filter((m) => addressed(m, address)),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
