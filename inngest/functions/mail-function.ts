import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { deliverMail, prepareMail, recordFailedMail, type MailRequest } from "@/server/mail";
import type { OutboxMeta } from "@/server/vocabulary/events";
import type { MailKind } from "@/server/vocabulary/mail";

/** Inngest's retries of a mail (backoff between them); after the last the mail is a send_mail compensation. */
export const MAIL_RETRIES = 6;

type Triggers = Parameters<typeof inngest.createFunction>[0]["triggers"];

/**
 * The function that mails one kind from its outbox event (issue 14): the mail is written once
 * under its key (prepare-mail), then sent over SMTP (send-mail), each step idempotent, so a
 * redelivered or duplicated event sends nothing more. Still failing after the retries, it becomes
 * a send_mail compensation ops see and replay: never a lost email.
 */
export function mailFunction(kind: MailKind, triggers: Triggers) {
  const requestOf = (data: { meta: OutboxMeta; payload: unknown }) => ({ kind, meta: data.meta, payload: data.payload }) as MailRequest;
  return inngest.createFunction(
    {
      id: `mail-${kind.replaceAll("_", "-")}`,
      retries: MAIL_RETRIES,
      triggers,
      onFailure: async ({ event, error, step }) => {
        const data = event.data.event.data as { meta?: OutboxMeta; payload?: unknown };
        if (!data.meta || !data.payload) return;
        const request = requestOf({ meta: data.meta, payload: data.payload });
        await step.run("record-failed-mail", () => recordFailedMail(db(), request, error.message, MAIL_RETRIES + 1));
      },
    },
    async ({ event, step, runId }) => {
      const request = requestOf(event.data as { meta: OutboxMeta; payload: unknown });
      const prepared = await step.run("prepare-mail", () => prepareMail(db(), request));
      if (prepared.status === "sent") return { deliveryId: prepared.deliveryId, outcome: "already_sent" as const };
      const outcome = await step.run("send-mail", () => deliverMail(db(), prepared.deliveryId, runId));
      return { deliveryId: prepared.deliveryId, outcome };
    },
  );
}
