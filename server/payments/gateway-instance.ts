import { env } from "@/server/env";
import { createPaymentGateway, type PaymentGateway } from "./gateway";

// One gateway per process: its circuit breaker must see every call to count failures.
const holder = globalThis as unknown as { __depotPaymentGateway?: PaymentGateway };

export function paymentGateway(): PaymentGateway {
  holder.__depotPaymentGateway ??= createPaymentGateway(env().payments);
  return holder.__depotPaymentGateway;
}

/** Tests (and the sandbox's own deliveries) install the gateway the app should use. */
export function usePaymentGateway(gateway: PaymentGateway | undefined): void {
  holder.__depotPaymentGateway = gateway;
}
