import { expect } from "vitest";
import { GatewayError, type PaymentGateway } from "./types";

/** A gateway that behaves like `base` except for the operations given (failure injection in tests). */
export function gatewayWith(base: PaymentGateway, overrides: Partial<PaymentGateway>): PaymentGateway {
  return {
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
