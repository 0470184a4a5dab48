import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CustomerOrderView } from "@/server/orders/customer-view";
import { brandLabel } from "@/server/payments/gateway/card-check";

type PaymentView = Pick<CustomerOrderView, "status" | "paymentMethod" | "payment">;

/** How the order is paid, as a short badge for the order's header. Null when there is nothing to say. */
export function paymentBadge(order: PaymentView): { label: string; tone: BadgeTone } | null {
  if (order.paymentMethod === "cod") return { label: "Cash on delivery — pay when it arrives", tone: "neutral" };
  switch (order.payment?.status) {
    case "authorized":
      return { label: "Payment authorized", tone: "success" };
    case "captured":
      return { label: "Payment captured", tone: "success" };
    case "partially_refunded":
      return { label: "Payment partially refunded", tone: "neutral" };
    case "refunded":
      return { label: "Payment refunded", tone: "neutral" };
    case "voided":
      return { label: "Payment released", tone: "neutral" };
    case "failed":
      // The alert below says it, with the reason.
      return null;
    default:
      // No attempt yet, or the provider is still deciding.
      return order.status === "pending_payment" ? { label: "Waiting for payment", tone: "warning" } : null;
  }
}

export function PaymentBadge({ order }: { order: PaymentView }) {
  const badge = paymentBadge(order);
  return badge ? <Badge tone={badge.tone}>{badge.label}</Badge> : null;
}

/** A failed card payment, said loudly; the order still waits for payment (see PaymentRetry). */
export function PaymentFailure({ order }: { order: PaymentView }) {
  if (order.paymentMethod !== "card" || order.payment?.status !== "failed") return null;
  return (
    <Alert tone="error" className="text-base">
      <p>
        <strong className="font-semibold">Payment failed:</strong> {order.payment.message ?? "Your card was declined."}
      </p>
    </Alert>
  );
}

/** While something is about to change on its own, the order page checks again every couple of seconds. */
export function paymentInFlight(order: PaymentView): boolean {
  const payment = order.payment?.status;
  if (order.status === "pending_payment") {
    // Cash on delivery is confirmed by a job within a minute; a card waits for the webhook. A
    // failed card waits for the customer (another card, or pay on delivery): nothing to follow.
    return order.paymentMethod === "cod" || payment === "pending" || payment === "processing" || payment === "authorized";
  }
  // Cancelled: an authorization is voided or a capture refunded moments later.
  if (order.status === "cancelled") return payment === "authorized" || payment === "captured" || payment === "processing";
  // Confirmed: the authorized card is captured moments later.
  return order.status === "confirmed" && order.paymentMethod === "card" && payment === "authorized";
}

/** "Visa •••• 4242": the card of the latest payment, never more of its number. */
export function cardLabel(card: { brand: string; last4: string }): string {
  return `${brandLabel(card.brand)} •••• ${card.last4}`;
}
