import { render } from "@react-email/render";
import { and, eq, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { failedCompensations, mailDeliveries, orders, type MailDelivery } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { recordFailedCompensation } from "@/server/compensations";
import { env } from "@/server/env";
import type { MailDeliveryStatus } from "@/server/vocabulary/mail";
import { composeMail } from "./compose";
import { mailKey, parseMailRequest, type MailRequest } from "./sources";
import { mailTransport } from "./transport";

/** A claim on a delivery outlives a lost sender this long; then another sender may take it. */
export const MAIL_CLAIM_LEASE_SECONDS = 300;

/** The SMTP Message-ID of a delivery, derived from its key (":" is not allowed in a Message-ID). */
export function messageIdFor(key: string): string {
  return `<${key.replace(/[^A-Za-z0-9_.-]/g, ".")}@${new URL(env().appUrl).hostname}>`;
}

export type PreparedMail = { deliveryId: string; status: MailDeliveryStatus };

/**
 * Writes (renders) the mail of a request once, under its key: a later or concurrent request for
 * the same key finds that row and writes nothing. HTML and a plain-text part from the same template.
 */
export async function prepareMail(db: Db, request: MailRequest): Promise<PreparedMail> {
  const key = mailKey(request);
  const existing = async () => {
    const [row] = await db.select({ deliveryId: mailDeliveries.id, status: mailDeliveries.status }).from(mailDeliveries).where(eq(mailDeliveries.key, key));
    return row;
  };
  const found = await existing();
  if (found) return found;
  const mail = await composeMail(db, request);
  const [html, text] = await Promise.all([render(mail.element), render(mail.element, { plainText: true })]);
  const [inserted] = await db
    .insert(mailDeliveries)
    .values({ key, kind: request.kind, orderId: mail.orderId, userId: mail.userId, recipient: mail.recipient, subject: mail.subject, html, text, messageId: messageIdFor(key) })
    .onConflictDoNothing({ target: mailDeliveries.key })
    .returning({ deliveryId: mailDeliveries.id, status: mailDeliveries.status });
  return inserted ?? (await existing())!;
}

export type DeliverOutcome = "sent" | "already_sent" | "in_flight";

/**
 * Sends a prepared mail at most once: the row is claimed for `claimant` (an Inngest run, which
 * takes its own claim back on a retry, or a compensation try) before the SMTP call and marked
 * sent after it. A row another sender holds is left to it ("in_flight": that sender owns the
 * outcome, and its failure becomes a send_mail compensation); a sent row sends nothing more.
 * An SMTP failure releases the claim and throws, so the caller's retries try again.
 */
export async function deliverMail(db: Db, deliveryId: string, claimant: string): Promise<DeliverOutcome> {
  const [claimed] = await db
    .update(mailDeliveries)
    .set({
      claimedBy: claimant,
      claimedUntil: sql`now() + make_interval(secs => ${MAIL_CLAIM_LEASE_SECONDS})`,
      attempts: sql`${mailDeliveries.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(mailDeliveries.id, deliveryId),
        ne(mailDeliveries.status, "sent"),
        or(isNull(mailDeliveries.claimedUntil), lt(mailDeliveries.claimedUntil, sql`now()`), eq(mailDeliveries.claimedBy, claimant)),
      ),
    )
    .returning();
  if (!claimed) {
    const [row] = await db.select({ status: mailDeliveries.status }).from(mailDeliveries).where(eq(mailDeliveries.id, deliveryId));
    if (!row) throw new Error(`mail delivery ${deliveryId} not found`);
    return row.status === "sent" ? "already_sent" : "in_flight";
  }
  try {
    await send(claimed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(mailDeliveries)
      .set({ claimedBy: null, claimedUntil: null, lastError: message.slice(0, 2000), updatedAt: sql`now()` })
      .where(and(eq(mailDeliveries.id, deliveryId), eq(mailDeliveries.claimedBy, claimant)));
    throw error;
  }
  await db
    .update(mailDeliveries)
    .set({ status: "sent", sentAt: sql`now()`, claimedBy: null, claimedUntil: null, lastError: null, updatedAt: sql`now()` })
    .where(eq(mailDeliveries.id, deliveryId));
  return "sent";
}

async function send(row: MailDelivery): Promise<void> {
  const info = await mailTransport().sendMail({ to: row.recipient, subject: row.subject, html: row.html, text: row.text, messageId: row.messageId });
  if (info.rejected.length > 0) throw new Error(`the SMTP server refused ${info.rejected.join(", ")}: ${info.response}`);
}

/**
 * A mail still failing after its function's retries (onFailure): the delivery is marked failed and
 * a send_mail compensation holds the request, so ops see it and the compensation retry (cron or
 * replay from the console) sends it. One open compensation per delivery key, however often reported.
 */
export async function recordFailedMail(db: Db, request: MailRequest, error: string, attempts: number): Promise<string | null> {
  const key = mailKey(request);
  return transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`depot:mail:${key}`}))`);
    const [delivery] = await tx.select().from(mailDeliveries).where(eq(mailDeliveries.key, key)).for("update");
    if (delivery?.status === "sent") return null;
    const [open] = await tx
      .select({ id: failedCompensations.id })
      .from(failedCompensations)
      .where(and(eq(failedCompensations.operation, "send_mail"), ne(failedCompensations.status, "resolved"), sql`${failedCompensations.metadata} ->> 'key' = ${key}`))
      .limit(1);
    if (delivery) {
      await tx
        .update(mailDeliveries)
        .set({ status: "failed", claimedBy: null, claimedUntil: null, lastError: error.slice(0, 2000), updatedAt: sql`now()` })
        .where(eq(mailDeliveries.id, delivery.id));
    }
    if (open) return open.id;
    const row = await recordFailedCompensation(tx, {
      operation: "send_mail",
      orderId: delivery ? delivery.orderId : await knownOrderId(tx, request),
      metadata: { key, kind: request.kind, recipient: delivery?.recipient ?? null, subject: delivery?.subject ?? null, meta: request.meta, payload: request.payload },
      error,
      attempts,
    });
    return row.id;
  }, db);
}

/** The order a mail that was never written is about, if that order exists (the row references it). */
async function knownOrderId(tx: Tx, request: MailRequest): Promise<string | null> {
  const orderId = (request.payload as { orderId?: unknown }).orderId;
  if (typeof orderId !== "string") return null;
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
  return order?.id ?? null;
}

/** The send_mail compensation's operation: write the mail if it never was, then send it (nothing if it was sent meanwhile). */
export async function resendFailedMail(db: Db, metadata: Record<string, unknown>, claimant: string): Promise<DeliverOutcome> {
  const prepared = await prepareMail(db, parseMailRequest(metadata));
  const outcome = await deliverMail(db, prepared.deliveryId, claimant);
  if (outcome === "in_flight") throw new Error("the mail is being sent by another run right now; retried later");
  return outcome;
}
