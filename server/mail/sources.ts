import type { MailKind } from "@/server/vocabulary/mail";
import { domainEvents, type DomainEventName, type DomainEventPayload, type OutboxMeta } from "@/server/vocabulary/events";

/** The catalog event each mail kind is written from (its trigger in inngest/functions/mail-*.ts). */
const mailSourceEvents = {
  order_placed: "order/placed",
  payment_failed: "payment/status-changed",
  order_confirmed: "order/status-changed",
  shipped: "shipment/status-changed",
  delivered: "order/status-changed",
  order_cancelled: "order/status-changed",
  order_refunded: "payment/status-changed",
  return_received: "return/status-changed",
  return_refunded: "return/status-changed",
  welcome: "customer/registered",
  password_reset: "customer/password-reset-requested",
  email_change: "customer/email-change-requested",
} as const satisfies Record<MailKind, DomainEventName>;

type SourceOf<K extends MailKind> = (typeof mailSourceEvents)[K];

/** One mail to write: its kind and the outbox event it answers. */
export type MailRequest<K extends MailKind = MailKind> = { kind: K; meta: OutboxMeta; payload: DomainEventPayload<SourceOf<K>> };

/**
 * The delivery key: the kind and the id of what the mail is about, so each happens once however
 * often its event arrives (once per order, shipment, return, user or link; a payment failure once
 * per failure event, since a customer may be declined more than once).
 */
export function mailKey(request: MailRequest): string {
  const id = (() => {
    const p = request.payload as Record<string, unknown>;
    switch (request.kind) {
      case "payment_failed":
        return request.meta.outboxId;
      case "shipped":
        return p.shipmentId;
      case "order_refunded":
        return (p.refund as { id: string } | null | undefined)?.id ?? request.meta.outboxId;
      case "return_received":
      case "return_refunded":
        return p.returnId;
      case "welcome":
        return p.userId;
      case "password_reset":
      case "email_change":
        return p.tokenId;
      default:
        return p.orderId;
    }
  })();
  return `${request.kind}:${String(id)}`;
}

/** A request read back from a send_mail compensation's metadata, checked against the catalog. */
export function parseMailRequest(value: unknown): MailRequest {
  const { kind, meta, payload } = value as { kind: MailKind; meta: OutboxMeta; payload: unknown };
  const source = mailSourceEvents[kind];
  if (!source) throw new Error(`not a mail kind: ${String(kind)}`);
  return { kind, meta, payload: domainEvents[source].payload.parse(payload) } as MailRequest;
}
