import { fromMinorUnits } from "./minor-units";
import { type IntentStatus, type PaymentIntentView } from "./types";

/** The fields of a Stripe PaymentIntent we read; the sandbox stores intents in this shape. */
export type PaymentIntentLike = {
  id: string;
  status: string;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  metadata: Record<string, string> | null;
  last_payment_error: { code?: string | null; decline_code?: string | null; message?: string | null } | null;
  /** Stripe sends it with every intent it returns to a secret-key call; the sandbox has none. */
  client_secret?: string | null;
};

const known: ReadonlySet<string> = new Set<IntentStatus>([
  "requires_payment_method",
  "requires_action",
  "processing",
  "requires_capture",
  "succeeded",
  "canceled",
]);

function toStatus(status: string): IntentStatus {
  if (known.has(status)) return status as IntentStatus;
  // requires_confirmation cannot happen with confirm: true; treat anything unknown as "not paid".
  return "requires_payment_method";
}

export function toIntentView(pi: PaymentIntentLike): PaymentIntentView {
  const err = pi.last_payment_error;
  const status = toStatus(pi.status);
  return {
    id: pi.id,
    status,
    amount: { amount: fromMinorUnits(pi.amount, pi.currency), currency: pi.currency.toUpperCase() },
    amountCapturable: fromMinorUnits(pi.amount_capturable, pi.currency),
    amountReceived: fromMinorUnits(pi.amount_received, pi.currency),
    orderId: pi.metadata?.order_id ?? null,
    lastError: err
      ? {
          code: err.code ?? "unknown",
          ...(err.decline_code ? { declineCode: err.decline_code } : {}),
          message: err.message ?? "",
        }
      : null,
    nextAction: status === "requires_action" && pi.client_secret ? { clientSecret: pi.client_secret } : null,
  };
}
