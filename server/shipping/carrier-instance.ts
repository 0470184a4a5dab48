import { env, type Env } from "@/server/env";
import { createCarrier, type CarrierAdapter, type CarrierConfig } from "./carrier";

// One adapter per process: its circuit breaker must see every call to count failures.
const holder = globalThis as unknown as { __depotCarrier?: CarrierAdapter };

/** The carrier this process makes labels with (CARRIER: the sandbox or ParcelHub). */
export function carrier(): CarrierAdapter {
  holder.__depotCarrier ??= createCarrier(carrierConfig(env().carrier));
  return holder.__depotCarrier;
}

/** Tests install the carrier the app should use (an outage, a counting fake); undefined restores the configured one. */
export function useCarrier(adapter: CarrierAdapter | undefined): void {
  holder.__depotCarrier = adapter;
}

/** The adapter's configuration from the settings (env() has checked ParcelHub's URL and key). */
export function carrierConfig(settings: Env["carrier"]): CarrierConfig {
  if (settings.code === "sandbox") return { kind: "sandbox" };
  if (!settings.apiUrl || !settings.apiKey) throw new Error("CARRIER=parcelhub needs CARRIER_API_URL and CARRIER_API_KEY");
  return { kind: "http", baseUrl: settings.apiUrl, apiKey: settings.apiKey, timeoutMs: settings.timeoutMs };
}
