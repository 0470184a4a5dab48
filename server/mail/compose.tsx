import { eq } from "drizzle-orm";
import type { ReactElement } from "react";
import type { DbOrTx } from "@/db/client";
import { orders, returns } from "@/db/schema";
import { env } from "@/server/env";
import { accountLinkUrl } from "@/server/users";
import { formatMoney } from "@/server/vocabulary/money";
import { carrierName, orderLookupUrl, orderUrl, trackingUrl } from "./links";
import type { MailRequest } from "./sources";
import { EmailChangeMail, PasswordResetMail, WelcomeMail } from "./templates/account-mails";
import {
  DeliveredMail,
  OrderCancelledMail,
  OrderConfirmedMail,
  OrderPlacedMail,
  OrderRefundedMail,
  PaymentFailedMail,
  ReturnReceivedMail,
  ReturnRefundedMail,
  ShippedMail,
  type OrderFacts,
} from "./templates/order-mails";

/** A mail ready to render: who gets it, what it is about, and its React Email element. */
export type ComposedMail = { orderId: string | null; userId: string | null; recipient: string; subject: string; element: ReactElement };

async function orderOf(db: DbOrTx, orderId: string) {
  const [order] = await db
    .select({ id: orders.id, number: orders.number, email: orders.email, customerId: orders.customerId, total: orders.total, currency: orders.currency, address: orders.shippingAddress })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) throw new Error(`order ${orderId} not found for its mail`);
  const facts: OrderFacts = { number: order.number, name: order.address.name, orderUrl: orderUrl(order.number), guest: order.customerId === null, lookupUrl: orderLookupUrl() };
  return { ...order, facts, total: formatMoney(order.total, order.currency) };
}

async function returnOf(db: DbOrTx, returnId: string) {
  const [row] = await db.select({ number: returns.number, orderId: returns.orderId, refundAmount: returns.refundAmount }).from(returns).where(eq(returns.id, returnId));
  if (!row) throw new Error(`return ${returnId} not found for its mail`);
  return row;
}

/** An order mail goes to the email the order was placed with: the account's, or the guest's checkout email. */
function toOrder(order: Awaited<ReturnType<typeof orderOf>>, subject: string, element: ReactElement): ComposedMail {
  return { orderId: order.id, userId: order.customerId, recipient: order.email, subject, element };
}

const linkExpiry = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Writes one kind of mail from its event and what the database says now. */
export async function composeMail(db: DbOrTx, request: MailRequest): Promise<ComposedMail> {
  switch (request.kind) {
    case "order_placed": {
      const p = (request as MailRequest<"order_placed">).payload;
      const order = await orderOf(db, p.orderId);
      const total = formatMoney(p.total, p.currency);
      const payment = p.paymentMethod === "cod" ? "Cash on delivery" : "Card";
      return toOrder(order, `Order ${p.number} placed: ${total}`, <OrderPlacedMail order={order.facts} total={total} payment={payment} />);
    }
    case "payment_failed": {
      const order = await orderOf(db, (request as MailRequest<"payment_failed">).payload.orderId);
      return toOrder(order, `Payment for order ${order.number} did not go through`, <PaymentFailedMail order={order.facts} total={order.total} />);
    }
    case "order_confirmed": {
      const order = await orderOf(db, (request as MailRequest<"order_confirmed">).payload.orderId);
      return toOrder(order, `Order ${order.number} confirmed`, <OrderConfirmedMail order={order.facts} total={order.total} />);
    }
    case "shipped": {
      const p = (request as MailRequest<"shipped">).payload;
      const order = await orderOf(db, p.orderId);
      const carrier = carrierName(p.carrier);
      const tracking = p.trackingNumber ?? "not given by the carrier";
      return toOrder(
        order,
        `Order ${order.number} shipped: ${carrier} ${p.trackingNumber ?? ""}`.trim(),
        <ShippedMail order={order.facts} carrier={carrier} trackingNumber={tracking} trackingUrl={trackingUrl(p.carrier, p.trackingNumber, order.number)} />,
      );
    }
    case "delivered": {
      const order = await orderOf(db, (request as MailRequest<"delivered">).payload.orderId);
      return toOrder(order, `Order ${order.number} delivered`, <DeliveredMail order={order.facts} />);
    }
    case "order_cancelled": {
      const order = await orderOf(db, (request as MailRequest<"order_cancelled">).payload.orderId);
      return toOrder(order, `Order ${order.number} cancelled`, <OrderCancelledMail order={order.facts} total={order.total} />);
    }
    case "order_refunded": {
      const { orderId, refund } = (request as MailRequest<"order_refunded">).payload;
      const order = await orderOf(db, orderId);
      if (!refund) throw new Error(`payment event ${request.meta.outboxId} records no refund`);
      const refunded = formatMoney(refund.amount, refund.currency);
      return toOrder(order, `Order ${order.number} refunded: ${refunded}`, <OrderRefundedMail order={order.facts} refunded={refunded} />);
    }
    case "return_received": {
      const ret = await returnOf(db, (request as MailRequest<"return_received">).payload.returnId);
      const order = await orderOf(db, ret.orderId);
      return toOrder(order, `Return ${ret.number} received`, <ReturnReceivedMail order={order.facts} returnNumber={ret.number} />);
    }
    case "return_refunded": {
      const ret = await returnOf(db, (request as MailRequest<"return_refunded">).payload.returnId);
      const order = await orderOf(db, ret.orderId);
      const refunded = formatMoney(ret.refundAmount ?? "0", order.currency);
      return toOrder(order, `Return ${ret.number} refunded: ${refunded}`, <ReturnRefundedMail order={order.facts} returnNumber={ret.number} refunded={refunded} />);
    }
    case "welcome": {
      const p = (request as MailRequest<"welcome">).payload;
      return { orderId: null, userId: p.userId, recipient: p.email, subject: `Welcome to Depot, ${p.name}`, element: <WelcomeMail name={p.name} email={p.email} shopUrl={env().appUrl} /> };
    }
    case "password_reset": {
      const p = (request as MailRequest<"password_reset">).payload;
      const link = accountLinkUrl("password-reset", p.tokenId);
      return { orderId: null, userId: p.userId, recipient: p.email, subject: "Reset your Depot password", element: <PasswordResetMail name={p.name} link={link} expiresAt={linkExpiry(p.expiresAt)} /> };
    }
    case "email_change": {
      const p = (request as MailRequest<"email_change">).payload;
      const link = accountLinkUrl("email-change", p.tokenId);
      return {
        orderId: null,
        userId: p.userId,
        recipient: p.email,
        subject: "Confirm your new Depot email address",
        element: <EmailChangeMail name={p.name} email={p.email} link={link} expiresAt={linkExpiry(p.expiresAt)} />,
      };
    }
  }
}
