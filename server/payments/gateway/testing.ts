import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { sandboxPaymentIntents } from "@/db/schema";
import { env } from "@/server/env";
import { SandboxGateway } from "./sandbox-gateway";
import { StripeGateway } from "./stripe-gateway";
import { StripeStub } from "./stripe-stub";
import { GatewayError, type PaymentGateway } from "./types";

/** A gateway that behaves like `base` except for the operations given (failure injection in tests). */
export function gatewayWith(base: PaymentGateway, overrides: Partial<PaymentGateway>): PaymentGateway {
  return {
    createCardPaymentMethod: overrides.createCardPaymentMethod ?? ((card) => base.createCardPaymentMethod(card)),
    describeCard: overrides.describeCard ?? ((source) => base.describeCard(source)),
    authorize: overrides.authorize ?? ((input) => base.authorize(input)),
    retrieve: overrides.retrieve ?? ((id) => base.retrieve(id)),
    capture: overrides.capture ?? ((id, amount) => base.capture(id, amount)),
    cancel: overrides.cancel ?? ((id) => base.cancel(id)),
    refund: overrides.refund ?? ((id, amount, reference) => base.refund(id, amount, reference)),
  };
}

/** The GatewayError a call rejects with (fails the test if it resolves). */
export async function gatewayFailure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

/**
 * The provider loses an intent (as the in-memory sandbox did on every restart): calls on it get
 * `resource_missing` until `restore()` gives it back exactly as it was.
 */
export async function sandboxLosesIntent(db: Db, intentId: string): Promise<{ restore: () => Promise<void> }> {
  const [row] = await db.delete(sandboxPaymentIntents).where(eq(sandboxPaymentIntents.id, intentId)).returning();
  if (!row) throw new Error(`the sandbox has no intent ${intentId}`);
  return {
    restore: async () => {
      await db.insert(sandboxPaymentIntents).values(row);
    },
  };
}

/** Sandbox options whose webhooks go nowhere (the test drives the payment itself). */
export const noWebhookDelivery = () => ({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });

/**
 * The two providers a checkout test switches between: the payment sandbox (its webhooks go
 * nowhere) and the real Stripe adapter against the local Stripe API stub. Call `start` in
 * beforeAll and `stop` in afterAll.
 */
export function checkoutGateways() {
  const stub = new StripeStub();
  const sandbox = new SandboxGateway(noWebhookDelivery());
  let stripe: StripeGateway | undefined;
  return {
    stub,
    sandbox,
    stripe: () => stripe!,
    start: async () => {
      stripe = new StripeGateway({ secretKey: "sk_test_stub", host: "127.0.0.1", port: await stub.start(), protocol: "http", timeoutMs: 2_000, maxRetries: 0 });
    },
    stop: async () => {
      await sandbox.idle();
      await stub.stop();
    },
  };
}
