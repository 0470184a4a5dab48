import { describe, expect, it } from "vitest";
import { carrierConfigFromSettings, createCarrier, HttpCarrier, SandboxCarrier } from "./index";

describe("createCarrier", () => {
  it("builds the sandbox or the HTTP adapter from config", () => {
    const sandbox = createCarrier({ kind: "sandbox" });
    expect(sandbox).toBeInstanceOf(SandboxCarrier);
    expect(sandbox.code).toBe("sandbox");
    const http = createCarrier({ kind: "http", baseUrl: "http://127.0.0.1:1", apiKey: "k", timeoutMs: 500 });
    expect(http).toBeInstanceOf(HttpCarrier);
    expect(http.code).toBe("parcelhub");
  });

  it("takes env().carrier as it is", () => {
    const settings = { code: "parcelhub" as const, apiUrl: "https://api.parcelhub.example", apiKey: "k", webhookSecret: "s", webhookUrl: "u", timeoutMs: 500 };
    expect(createCarrier(settings)).toBeInstanceOf(HttpCarrier);
    expect(createCarrier({ ...settings, code: "sandbox", apiUrl: undefined, apiKey: undefined })).toBeInstanceOf(SandboxCarrier);
    expect(carrierConfigFromSettings(settings)).toEqual({ kind: "http", baseUrl: "https://api.parcelhub.example", apiKey: "k", timeoutMs: 500 });
    expect(() => carrierConfigFromSettings({ ...settings, apiKey: undefined })).toThrow(/API key/);
  });
});
