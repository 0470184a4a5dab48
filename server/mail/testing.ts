import { startSmtpInbox, type SmtpInbox } from "@/scripts/lib/smtp-inbox";
import { setSmtpUrl } from "./transport";

export type { SmtpInbox };

/** An SMTP server of the test's own (scripts/lib/smtp-inbox.ts) that this process's mail goes to until it is closed. */
export async function startTestSmtp(options: { own?: boolean } = {}): Promise<SmtpInbox> {
  const inbox = await startSmtpInbox();
  if (options.own === false) return inbox;
  setSmtpUrl(inbox.url);
  return {
    ...inbox,
    close: async () => {
      setSmtpUrl(null);
      await inbox.close();
    },
  };
}
