import { db } from "@/db/client";
import { deliverMail, prepareMail, recordFailedMail, type DeliverOutcome, type MailRequest, type PreparedMail } from "@/server/mail";
import type { OutboxMeta } from "@/server/vocabulary/events";
import type { MailKind } from "@/server/vocabulary/mail";

/** Inngest's retries of a mail (backoff between them); after the last the mail is a send_mail compensation. */
export const MAIL_RETRIES = 6;

type StepRun = <T>(id: string, fn: () => Promise<T>) => Promise<unknown>;
type EventData = { meta?: OutboxMeta; payload?: unknown };

const requestOf = (kind: MailKind, data: EventData) => ({ kind, meta: data.meta, payload: data.payload }) as MailRequest;

/**
 * The body of every mail-* function (issue 14): the mail is written once under its key
 * (prepare-mail), then sent over SMTP (send-mail), each step idempotent, so a redelivered or
 * duplicated event sends nothing more. Mail changes no order state, so it is not a saga step.
 */
export function sendMailOf(kind: MailKind) {
  return async ({ event, step, runId }: { event: { data: unknown }; step: { run: StepRun }; runId: string }) => {
    const request = requestOf(kind, event.data as EventData);
    const prepared = (await step.run("prepare-mail", () => prepareMail(db(), request))) as PreparedMail;
    if (prepared.status === "sent") return { deliveryId: prepared.deliveryId, outcome: "already_sent" as const };
    const outcome = (await step.run("send-mail", () => deliverMail(db(), prepared.deliveryId, runId))) as DeliverOutcome;
    return { deliveryId: prepared.deliveryId, outcome };
  };
}

/** onFailure of every mail-* function: still failing after the retries, the mail becomes a send_mail compensation ops see and replay. */
export function onMailFailure(kind: MailKind) {
  return async ({ event, error, step }: { event: { data: { event: { data: unknown } } }; error: Error; step: { run: StepRun } }) => {
    const data = event.data.event.data as EventData;
    if (!data.meta || !data.payload) return;
    const request = requestOf(kind, data);
    await step.run("record-failed-mail", () => recordFailedMail(db(), request, error.message, MAIL_RETRIES + 1));
  };
}
