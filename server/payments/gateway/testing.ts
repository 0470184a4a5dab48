import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { sandboxPaymentIntents } from "@/db/schema";
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
