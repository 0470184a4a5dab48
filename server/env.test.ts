import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";
import { tsxNodeArgs } from "@/scripts/lib/tsx-args";

const root = path.resolve(import.meta.dirname, "..");
/** What `npm start` hands the app in the embedded mode. */
const localKey = { INNGEST_LOCAL_SIGNING_KEY: `signkey-local-${"0f".repeat(32)}` };
/** Production needs an SMTP server; the tests of other settings give it one. */
const smtp = { SMTP_URL: "smtp://mail.example.com:587" };

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("settings (ORD-P1-04, P1-2024-04, CS-P0-02)", () => {
  it("starts in development with no settings at all: embedded database and local executor", () => {
    const env = parseEnv({});
    expect(env.nodeEnv).toBe("development");
    expect(env.inngest).toMatchObject({ kind: "embedded", localUrl: "http://127.0.0.1:8288" });
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("has no secret default in production", () => {
    expect(problemsOf({ NODE_ENV: "production", ...localKey, ...smtp })).toEqual([expect.stringMatching(/^AUTH_SECRET: required in production/)]);
  });

  it("refuses the development secret in production", () => {
    const dev = parseEnv({}).authSecret;
    expect(problemsOf({ NODE_ENV: "production", AUTH_SECRET: dev, ...localKey, ...smtp })).toEqual([
      expect.stringContaining("development secret cannot be used in production"),
    ]);
  });

  it("names every malformed setting with what it should look like", () => {
    const problems = problemsOf({
      DATABASE_URL: "mysql://root@localhost/depot",
      PORT: "eighty",
      AUTH_SECRET: "short",
      OUTBOX_BATCH_SIZE: "0",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL: must start with postgres:\/\//),
        expect.stringMatching(/^PORT: /),
        expect.stringMatching(/^AUTH_SECRET: must be at least 32 characters/),
        expect.stringMatching(/^OUTBOX_BATCH_SIZE: /),
      ]),
    );
  });

  it("needs a signing key for a real Inngest server, and never silently falls back to local", () => {
    expect(problemsOf({ INNGEST_BASE_URL: "http://inngest.internal:8288" })).toEqual([
      expect.stringMatching(/^INNGEST_SIGNING_KEY: required/),
    ]);
    const external = parseEnv({ INNGEST_BASE_URL: "http://inngest.internal:8288", INNGEST_SIGNING_KEY: "signkey-prod-abc123" });
    expect(external.inngest).toMatchObject({ kind: "external", baseUrl: "http://inngest.internal:8288", dev: false });
    expect(parseEnv({ INNGEST_BASE_URL: "http://127.0.0.1:8288", INNGEST_DEV: "1" }).inngest).toMatchObject({ kind: "external", dev: true });
  });

  it("never lets the serve endpoint run unsigned in production: no `inngest dev`, and the embedded mode needs its signing key (issue 11)", () => {
    const prod = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), ...smtp };
    expect(problemsOf({ ...prod, INNGEST_BASE_URL: "http://127.0.0.1:8288", INNGEST_DEV: "1" })).toEqual([expect.stringMatching(/^INNGEST_DEV: .*cannot be used in production/)]);
    expect(problemsOf(prod)).toEqual([expect.stringMatching(/^INNGEST_LOCAL_SIGNING_KEY: required in production/)]);
    expect(problemsOf({ ...prod, INNGEST_LOCAL_SIGNING_KEY: "secret" })).toEqual([expect.stringMatching(/^INNGEST_LOCAL_SIGNING_KEY: must look like signkey-/)]);
    expect(parseEnv({ ...prod, ...localKey }).inngest).toMatchObject({ kind: "embedded", signingKey: localKey.INNGEST_LOCAL_SIGNING_KEY });
    // `next build` loads the route modules without any secret.
    expect(problemsOf({ ...prod, NEXT_PHASE: "phase-production-build" })).toEqual([]);
  });

  it("takes the Stripe publishable key only as a pk_ key paired with a secret key of the same mode", () => {
    const secret = "sk_test_51Depot";
    const publishable = "pk_test_51Depot";
    expect(parseEnv({ STRIPE_SECRET_KEY: secret, STRIPE_PUBLISHABLE_KEY: publishable }).payments).toMatchObject({
      stripeSecretKey: secret,
      stripePublishableKey: publishable,
    });
    // Neither: the payment sandbox and its test-card form, as today.
    expect(parseEnv({}).payments.stripePublishableKey).toBeUndefined();

    expect(problemsOf({ STRIPE_SECRET_KEY: secret, STRIPE_PUBLISHABLE_KEY: "sk_test_51Depot" })).toEqual([
      expect.stringMatching(/^STRIPE_PUBLISHABLE_KEY: must be a Stripe publishable key \(pk_test_/),
    ]);
    expect(problemsOf({ STRIPE_PUBLISHABLE_KEY: publishable })).toEqual([
      expect.stringMatching(/^STRIPE_PUBLISHABLE_KEY: set without STRIPE_SECRET_KEY/),
    ]);
    expect(problemsOf({ STRIPE_SECRET_KEY: "sk_live_51Depot", STRIPE_PUBLISHABLE_KEY: publishable })).toEqual([
      expect.stringMatching(/^STRIPE_PUBLISHABLE_KEY: a test-mode key cannot be used with a live-mode STRIPE_SECRET_KEY/),
    ]);
  });

  it("needs the publishable key with a Stripe secret key in production, where checkout takes cards through the Payment Element", () => {
    const prod = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), STRIPE_WEBHOOK_SECRET: "whsec_live", ...localKey, ...smtp };
    expect(problemsOf({ ...prod, STRIPE_SECRET_KEY: "sk_live_51Depot" })).toEqual([
      expect.stringMatching(/^STRIPE_PUBLISHABLE_KEY: required with STRIPE_SECRET_KEY in production/),
    ]);
    expect(problemsOf({ ...prod, STRIPE_SECRET_KEY: "sk_live_51Depot", STRIPE_PUBLISHABLE_KEY: "pk_live_51Depot" })).toEqual([]);
    // Development and tests may point a secret key at the local Stripe API stub without one.
    expect(problemsOf({ STRIPE_SECRET_KEY: "sk_test_stub" })).toEqual([]);
    // `next build` needs no keys at all.
    expect(problemsOf({ ...prod, NEXT_PHASE: "phase-production-build", STRIPE_SECRET_KEY: "sk_live_51Depot" })).toEqual([]);
  });

  it("runs the sandbox carrier by default and needs the API URL and key for ParcelHub", () => {
    const dev = parseEnv({});
    expect(dev.carrier).toMatchObject({ code: "sandbox", timeoutMs: 10_000, webhookUrl: "http://localhost:3000/api/webhooks/carrier/sandbox" });
    expect(dev.carrier.webhookSecret.length).toBeGreaterThanOrEqual(16);
    expect(dev).toMatchObject({ orderAutoCompleteDays: 14, fulfillmentSlaHours: 24 });

    expect(problemsOf({ CARRIER: "parcelhub" })).toEqual([
      expect.stringMatching(/^CARRIER_API_URL: required with CARRIER=parcelhub/),
      expect.stringMatching(/^CARRIER_API_KEY: required with CARRIER=parcelhub/),
    ]);
    const parcelhub = parseEnv({ CARRIER: "parcelhub", CARRIER_API_URL: "https://api.parcelhub.test", CARRIER_API_KEY: "ph_key", APP_URL: "https://depot.example/" });
    expect(parcelhub.carrier).toMatchObject({ code: "parcelhub", apiUrl: "https://api.parcelhub.test", apiKey: "ph_key", webhookUrl: "https://depot.example/api/webhooks/carrier/parcelhub" });
    expect(problemsOf({ CARRIER: "fedex", CARRIER_TIMEOUT_MS: "5", ORDER_AUTO_COMPLETE_DAYS: "0", FULFILLMENT_SLA_HOURS: "soon" })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CARRIER: must be sandbox or parcelhub/),
        expect.stringMatching(/^CARRIER_TIMEOUT_MS: /),
        expect.stringMatching(/^ORDER_AUTO_COMPLETE_DAYS: /),
        expect.stringMatching(/^FULFILLMENT_SLA_HOURS: /),
      ]),
    );
    expect(parseEnv({ ORDER_AUTO_COMPLETE_DAYS: "7", FULFILLMENT_SLA_HOURS: "48", CARRIER_TIMEOUT_MS: "2500" })).toMatchObject({
      orderAutoCompleteDays: 7,
      fulfillmentSlaHours: 48,
      carrier: { timeoutMs: 2500 },
    });
  });

  it("has no carrier webhook secret default in production (CS-P0-02)", () => {
    const prod = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), ...localKey, ...smtp };
    const parcelhub = { ...prod, CARRIER: "parcelhub", CARRIER_API_URL: "https://api.parcelhub.test", CARRIER_API_KEY: "ph_key" };
    expect(problemsOf(parcelhub)).toEqual([expect.stringMatching(/^CARRIER_WEBHOOK_SECRET: required with CARRIER=parcelhub in production/)]);
    expect(parseEnv({ ...parcelhub, CARRIER_WEBHOOK_SECRET: "s".repeat(40) }).carrier.webhookSecret).toBe("s".repeat(40));
    const dev = parseEnv({}).carrier.webhookSecret;
    expect(problemsOf({ ...prod, CARRIER_WEBHOOK_SECRET: dev })).toEqual([expect.stringContaining("development secret cannot be used in production")]);
    // The production sandbox signs its own deliveries with a random per-process secret, never the known default.
    const sandbox = parseEnv(prod).carrier.webhookSecret;
    expect(sandbox).not.toBe(dev);
    expect(sandbox).not.toBe(parseEnv(prod).carrier.webhookSecret);
  });

  it("reads abuse limits as count/duration with production defaults, and names a malformed one (GW-P0-02)", () => {
    const limits = parseEnv({}).rateLimits;
    expect(limits).toMatchObject({
      api: { points: 600, durationSeconds: 60 },
      signIn: { maxFailures: 5, lockoutSeconds: 60, maxLockoutSeconds: 3600, failuresPerAddress: { points: 50, durationSeconds: 3600 } },
      register: { points: 5, durationSeconds: 3600 },
      orderLookup: { points: 20, durationSeconds: 3600 },
      placeOrderPerBuyer: { points: 10, durationSeconds: 600 },
      placeOrderPerAddress: { points: 30, durationSeconds: 3600 },
      maxUnpaidOrders: { perBuyer: 3, perAddress: 10 },
    });
    expect(parseEnv({ RATE_LIMIT_REGISTER: "2/1d" }).rateLimits.register).toEqual({ points: 2, durationSeconds: 86_400 });
    expect(problemsOf({ RATE_LIMIT_API: "lots" })).toEqual([expect.stringMatching(/^RATE_LIMIT_API: must look like "<count>\/<duration>"/)]);
    expect(problemsOf({ RATE_LIMIT_API: "0/1m" })).toEqual([expect.stringMatching(/^RATE_LIMIT_API: needs a count and a duration above 0/)]);
  });

  it("takes a METRICS_TOKEN of at least 16 printable characters, and none by default (004 P1-3)", () => {
    expect(parseEnv({}).metricsToken).toBeUndefined();
    expect(parseEnv({ METRICS_TOKEN: "0123456789abcdef" }).metricsToken).toBe("0123456789abcdef");
    expect(problemsOf({ METRICS_TOKEN: "short" })).toEqual([expect.stringMatching(/^METRICS_TOKEN: must be at least 16 characters/)]);
    expect(problemsOf({ METRICS_TOKEN: "has a space in it!" })).toEqual([expect.stringMatching(/^METRICS_TOKEN: must be printable ASCII/)]);
  });

  it("refuses to start in production without SMTP_URL, so no order mail is silently dropped (issue 14)", () => {
    const prod = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), ...localKey };
    expect(problemsOf(prod)).toEqual([expect.stringMatching(/^SMTP_URL: required in production/)]);
    expect(problemsOf({ ...prod, NEXT_PHASE: "phase-production-build" })).toEqual([]);
    expect(problemsOf({ SMTP_URL: "http://mail.example.com" })).toEqual([expect.stringMatching(/^SMTP_URL: must start with smtp:\/\/ or smtps:\/\//)]);
    expect(parseEnv({ ...prod, ...smtp }).mail).toEqual({ smtpUrl: "smtp://mail.example.com:587", from: "Depot <no-reply@localhost>" });
    expect(parseEnv({ MAIL_FROM: "Shop <shop@example.com>" }).mail.from).toBe("Shop <shop@example.com>");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it("makes `npm start` exit at once with a readable message on a bad setting", () => {
    const result = spawnSync(process.execPath, [...tsxNodeArgs, "scripts/start.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: "not a url", AUTH_SECRET: "x", ...localKey },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Depot cannot start");
    expect(result.stderr).toMatch(/DATABASE_URL: must be a URL/);
    expect(result.stderr).toMatch(/AUTH_SECRET: must be at least 32 characters/);
  });
});
