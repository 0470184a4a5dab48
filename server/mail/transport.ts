import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/server/env";

let override: string | null = null;
let cached: { url: string; transporter: Transporter } | undefined;

/** The SMTP URL sends go to: SMTP_URL, or a test's own server (setSmtpUrl). */
function smtpUrl(): string {
  const url = override ?? env().mail.smtpUrl;
  // Outside production SMTP_URL may be unset (production refuses to start without it): the send
  // fails, is retried and ends as a send_mail compensation ops can replay once it is set.
  if (!url) throw new Error("SMTP_URL is not set: no SMTP server to send mail to (npm run dev starts a local one)");
  return url;
}

/** The nodemailer transport for the current SMTP URL (one connection per send: mail is rare, the server may restart). */
export function mailTransport(): Transporter {
  const url = smtpUrl();
  if (cached?.url !== url) {
    cached?.transporter.close();
    const transporter = nodemailer.createTransport(url, { from: env().mail.from });
    // Never hang a step on a silent server: the send fails and Inngest retries it.
    Object.assign(transporter.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    cached = { url, transporter };
  }
  return cached.transporter;
}

/** Tests point sends at an SMTP server they started (null: back to SMTP_URL). */
export function setSmtpUrl(url: string | null): void {
  override = url;
}
