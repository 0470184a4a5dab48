import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import type { PaymentStatus } from "@/server/vocabulary/payments";
import type { CustomerOrderView } from "@/server/orders";
import { brandLabel } from "@/server/payments/shared";

type PaymentView = Pick<CustomerOrderView, "status" | "paymentMethod" | "payment">;

/** Cash on delivery: paid to the courier, so nothing is awaited before it ships. */
function cashOnDeliveryBadge(status: CustomerOrderView["status"]): { label: string; tone: BadgeTone } | null {
  if (status === "cancelled") return null;
  if (status === "delivered" || status === "completed") return { label: "Paid on delivery", tone: "neutral" };
  return { label: "Pay on delivery", tone: "neutral" };
}

/** How the order is paid, as a short badge for the order's header. Null when there is nothing to say. */
export function paymentBadge(order: PaymentView): { label: string; tone: BadgeTone } | null {
  if (order.paymentMethod === "cod") return cashOnDeliveryBadge(order.status);
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

/** How each step of the money reads in the payment history. */
const historyLabels: Record<PaymentStatus, string> = {
  pending: "Payment started",
  processing: "Waiting for your bank",
  authorized: "Authorized: the amount is held on your card",
  captured: "Captured: your card was charged",
  partially_refunded: "Refunded in part",
  refunded: "Refunded",
  voided: "Released: the hold on your card was lifted",
  failed: "Declined",
};

/** Every step of the money, oldest first: not only the authorization but the capture and each refund. */
export function PaymentHistory({ history }: { history: CustomerOrderView["paymentHistory"] }) {
  if (history.length === 0) return null;
  return (
    <ol className="space-y-2 text-sm" aria-label="Payment history">
      {history.map((h, i) => (
        <li key={i} className="flex flex-wrap items-baseline justify-between gap-x-3">
          <span className="text-slate-800">{historyLabels[h.status]}</span>
          <DateTime value={h.createdAt} className="text-xs text-slate-500" />
        </li>
      ))}
    </ol>
  );
}

/** "Visa •••• 4242": the card of the latest payment, never more of its number. */
export function cardLabel(card: { brand: string; last4: string }): string {
  return `${brandLabel(card.brand)} •••• ${card.last4}`;
}
