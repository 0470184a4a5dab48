import { SandboxGateway } from "./sandbox-gateway";
import { StripeGateway } from "./stripe-gateway";
import { type PaymentGateway } from "./types";

export type PaymentGatewaySettings = {
  /** Set → the real Stripe gateway; unset → the sandbox (its state in PostgreSQL, see sandbox-store.ts). */
  stripeSecretKey?: string;
  stripeApiHost?: string;
  stripeApiPort?: number;
  stripeApiProtocol?: "http" | "https";
  /** Signs sandbox deliveries; the webhook route verifies with the same secret. */
  webhookSecret: string;
  /** Where the sandbox delivers its events, normally `${APP_URL}/api/webhooks/stripe`. */
  webhookUrl: string;
  timeoutMs?: number;
};

export function createPaymentGateway(settings: PaymentGatewaySettings): PaymentGateway {
  if (settings.stripeSecretKey) {
    return new StripeGateway({
      secretKey: settings.stripeSecretKey,
      host: settings.stripeApiHost,
      port: settings.stripeApiPort,
      protocol: settings.stripeApiProtocol,
      timeoutMs: settings.timeoutMs,
    });
  }
  return new SandboxGateway({
    webhookUrl: settings.webhookUrl,
    webhookSecret: settings.webhookSecret,
    timeoutMs: settings.timeoutMs,
  });
}

export type { CardDetails } from "./card-check";
export { idempotencyKey, type GatewayOperation } from "./idempotency";
export { toMinorUnits, fromMinorUnits } from "./minor-units";
export { SANDBOX_CARDS, SLOW_TEST_CARD } from "./sandbox-cards";
export { SandboxGateway, type SandboxGatewayOptions } from "./sandbox-gateway";
export { StripeGateway, type StripeGatewayOptions } from "./stripe-gateway";
export * from "./types";
export type { DeliverFn } from "./webhook-delivery";
export {
  verifyStripeWebhook,
  signStripePayload,
  WebhookVerificationError,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookVerificationReason,
} from "./webhook-signature";
