import { Text } from "@react-email/components";
import { MailLayout, type Fact } from "./layout";

/** What every order mail shows: the number, the page to see it on, and for guests how to find it elsewhere. */
export type OrderFacts = { number: string; name: string; orderUrl: string; guest: boolean; lookupUrl: string };

function GuestHint({ order }: { order: OrderFacts }) {
  if (!order.guest) return null;
  return (
    <Text style={{ fontSize: "13px", color: "#475569" }}>
      Ordered as a guest? From another device, find it at {order.lookupUrl} with order number {order.number} and this email address.
    </Text>
  );
}

export function OrderPlacedMail({ order, total, payment }: { order: OrderFacts; total: string; payment: string }) {
  const facts: Fact[] = [{ label: "Order", value: order.number }, { label: "Total", value: total }, { label: "Payment", value: payment }];
  return (
    <MailLayout preview={`Order ${order.number}: ${total}`} heading="Thanks for your order" facts={facts} action={{ label: "View your order", href: order.orderUrl }}>
      <Text>Hi {order.name}, we received your order {order.number}. We will write again when it is confirmed and when it ships.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function PaymentFailedMail({ order, total }: { order: OrderFacts; total: string }) {
  return (
    <MailLayout preview={`Payment for order ${order.number} did not go through`} heading="Your payment did not go through" facts={[{ label: "Order", value: order.number }, { label: "Total", value: total }]} action={{ label: "Pay again", href: order.orderUrl }}>
      <Text>Hi {order.name}, the payment for order {order.number} was declined. Your items stay reserved for a while: pay again with another card, or choose cash on delivery, on your order page.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function OrderConfirmedMail({ order, total }: { order: OrderFacts; total: string }) {
  return (
    <MailLayout preview={`Order ${order.number} is confirmed`} heading="Your order is confirmed" facts={[{ label: "Order", value: order.number }, { label: "Total", value: total }]} action={{ label: "View your order", href: order.orderUrl }}>
      <Text>Hi {order.name}, order {order.number} is confirmed and our warehouse is getting it ready.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function ShippedMail({ order, carrier, trackingNumber, trackingUrl }: { order: OrderFacts; carrier: string; trackingNumber: string; trackingUrl: string }) {
  return (
    <MailLayout
      preview={`Order ${order.number} shipped with ${carrier}`}
      heading="Your order is on its way"
      facts={[{ label: "Order", value: order.number }, { label: "Carrier", value: carrier }, { label: "Tracking number", value: trackingNumber }]}
      action={{ label: "Track your parcel", href: trackingUrl }}
    >
      <Text>Hi {order.name}, a parcel of order {order.number} has left our warehouse with {carrier}.</Text>
      <Text>Your order page: {order.orderUrl}</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function DeliveredMail({ order }: { order: OrderFacts }) {
  return (
    <MailLayout preview={`Order ${order.number} was delivered`} heading="Your order was delivered" facts={[{ label: "Order", value: order.number }]} action={{ label: "View your order", href: order.orderUrl }}>
      <Text>Hi {order.name}, the carrier confirmed delivery of order {order.number}. Something wrong? You can request a return from your order page.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function OrderCancelledMail({ order, total }: { order: OrderFacts; total: string }) {
  return (
    <MailLayout preview={`Order ${order.number} was cancelled`} heading="Your order was cancelled" facts={[{ label: "Order", value: order.number }, { label: "Order total", value: total }]} action={{ label: "View your order", href: order.orderUrl }}>
      <Text>Hi {order.name}, order {order.number} was cancelled. Nothing more will be charged: a card authorization is released, and anything already paid ({total} at most) is refunded.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function OrderRefundedMail({ order, refunded }: { order: OrderFacts; refunded: string }) {
  return (
    <MailLayout preview={`${refunded} refunded for order ${order.number}`} heading="Your refund is on its way" facts={[{ label: "Order", value: order.number }, { label: "Refunded", value: refunded }]} action={{ label: "View your order", href: order.orderUrl }}>
      <Text>Hi {order.name}, we refunded {refunded} for order {order.number} to your original payment method. Your bank may take a few days to show it.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function ReturnReceivedMail({ order, returnNumber }: { order: OrderFacts; returnNumber: string }) {
  return (
    <MailLayout preview={`We received return ${returnNumber}`} heading="We received your return" facts={[{ label: "Return", value: returnNumber }, { label: "Order", value: order.number }]} action={{ label: "View your order", href: order.orderUrl }}>
      <Text>Hi {order.name}, return {returnNumber} of order {order.number} arrived at our warehouse and has been inspected. We will write again when it is settled.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}

export function ReturnRefundedMail({ order, returnNumber, refunded }: { order: OrderFacts; returnNumber: string; refunded: string }) {
  return (
    <MailLayout preview={`${refunded} refunded for return ${returnNumber}`} heading="Your return is refunded" facts={[{ label: "Return", value: returnNumber }, { label: "Order", value: order.number }, { label: "Refunded", value: refunded }]} action={{ label: "View your order", href: order.orderUrl }}>
      <Text>Hi {order.name}, return {returnNumber} of order {order.number} is settled: {refunded} goes back to you.</Text>
      <GuestHint order={order} />
    </MailLayout>
  );
}
