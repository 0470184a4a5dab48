import { normalizeAmount } from "./minor-units";
import { type Money } from "./types";

export type GatewayOperation =
  | { op: "authorize"; orderId: string; attempt?: number }
  | { op: "capture"; intentId: string }
  | { op: "cancel"; intentId: string }
  | { op: "refund"; intentId: string; amount?: Money; reference?: string };

/**
 * The one place idempotency keys are derived, always from our own ids: the same logical
 * operation sends the same key on every retry, from any process, so the provider does it once.
 */
export function idempotencyKey(operation: GatewayOperation): string {
  switch (operation.op) {
    case "authorize":
      return operation.attempt === undefined || operation.attempt <= 1
        ? `authorize:${operation.orderId}`
        : `authorize:${operation.orderId}:${operation.attempt}`;
    case "capture":
      return `capture:${operation.intentId}`;
    case "cancel":
      return `cancel:${operation.intentId}`;
    case "refund": {
      const what =
        operation.reference ??
        (operation.amount ? normalizeAmount(operation.amount) : "full");
      return `refund:${operation.intentId}:${what}`;
    }
  }
}
