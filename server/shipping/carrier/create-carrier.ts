import { HttpCarrier } from "./http-carrier";
import { SandboxCarrier } from "./sandbox-carrier";
import { type CarrierAdapter, type CarrierCode } from "./types";

/** Built by the caller from server/env.ts; nothing here reads the environment. */
export type CarrierConfig =
  | { kind: "sandbox"; outage?: () => boolean }
  | { kind: "http"; baseUrl: string; apiKey: string; timeoutMs: number; maxRetries?: number; breakerThreshold?: number };

/** The shape of `env().carrier` (extra fields such as the webhook secret are ignored). */
export type CarrierSettings = {
  code: CarrierCode;
  apiUrl?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs: number;
};

export function carrierConfigFromSettings(settings: CarrierSettings): CarrierConfig {
  if (settings.code === "sandbox") return { kind: "sandbox" };
  if (!settings.apiUrl || !settings.apiKey) {
    throw new Error(`The ${settings.code} carrier needs an API URL and an API key (CARRIER_API_URL, CARRIER_API_KEY)`);
  }
  return { kind: "http", baseUrl: settings.apiUrl, apiKey: settings.apiKey, timeoutMs: settings.timeoutMs };
}

/** Accepts the adapter config, or env().carrier as it is. */
export function createCarrier(config: CarrierConfig | CarrierSettings): CarrierAdapter {
  const resolved = "kind" in config ? config : carrierConfigFromSettings(config);
  switch (resolved.kind) {
    case "sandbox":
      return new SandboxCarrier({ outage: resolved.outage });
    case "http":
      return new HttpCarrier(resolved);
  }
}
