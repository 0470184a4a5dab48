/**
 * What the e2e suite's SMTP server (e2e/smtp-inbox-server.ts) received, read over its loopback
 * HTTP endpoint: the specs run in worker processes of their own, the server in a process
 * Playwright starts beside the app.
 */

/** The SMTP port the app sends to in e2e (its SMTP_URL), and the port the received mail is read from. */
export const smtpPort = () => Number(process.env.E2E_SMTP_PORT ?? 18389);
export const inboxPort = () => Number(process.env.E2E_INBOX_PORT ?? 18390);

/** One parsed message (mailparser); addresses lower-cased. */
export type ReceivedMail = { from: string[]; to: string[]; subject: string; text: string; html: string; messageId: string };

/** Mail to `to` (its To header), with a subject containing `subject` or matching it. */
export type MailQuery = { to: string; subject?: string | RegExp };

function matches(mail: ReceivedMail, { to, subject }: MailQuery): boolean {
  const address = to.toLowerCase();
  if (!mail.to.includes(address)) return false;
  if (subject === undefined) return true;
  return typeof subject === "string" ? mail.subject.includes(subject) : subject.test(mail.subject);
}

async function received(): Promise<ReceivedMail[]> {
  const response = await fetch(`http://127.0.0.1:${inboxPort()}/messages`);
  if (!response.ok) throw new Error(`the e2e SMTP inbox answered ${response.status}`);
  return (await response.json()) as ReceivedMail[];
}

export const inbox = {
  /** The messages received so far that match, oldest first. */
  async messages(query: MailQuery): Promise<ReceivedMail[]> {
    return (await received()).filter((mail) => matches(mail, query));
  },

  async count(query: MailQuery): Promise<number> {
    return (await inbox.messages(query)).length;
  },

  /** The first matching message, once it has arrived; fails after `timeoutMs` naming what did arrive for `to`. */
  async waitFor(query: MailQuery, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [found] = await inbox.messages(query);
      if (found) return found;
      if (Date.now() > deadline) {
        const forAddress = (await inbox.messages({ to: query.to })).map((m) => JSON.stringify(m.subject));
        throw new Error(
          `no mail to ${query.to}${query.subject ? ` with subject ${String(query.subject)}` : ""} within ${timeoutMs / 1000} s; ` +
            `received for that address: ${forAddress.length ? forAddress.join(", ") : "nothing"}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  },
};
