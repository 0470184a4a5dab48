import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * The only reader of process.env. Every setting is validated once; a bad value stops the
 * process with a message naming the setting (ORD-P1-04, P1-2024-04: no silent fallbacks).
 * Secrets have defaults in development and test only (CS-P0-02).
 */

const DEV_AUTH_SECRET = "depot-development-only-secret-not-for-production-use";
const DEV_WEBHOOK_SECRET = "whsec_depot_development_only";
const DEV_CARRIER_WEBHOOK_SECRET = "depot-carrier-webhook-development-only-secret";

const boolish = z
  .enum(["1", "0", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const intSetting = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const durationUnits = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A limit written "points/duration", e.g. "5/15m": at most 5 in any 15 minutes. */
export type Rate = { points: number; durationSeconds: number };

const rateSetting = (def: string) =>
  z
    .string()
    .regex(/^\d{1,7}\/\d{1,4}[smhd]$/, 'must look like "<count>/<duration>", e.g. "5/15m" (units s, m, h, d)')
    .default(def)
    .transform((v): Rate => {
      const [points, duration] = v.split("/") as [string, string];
      return { points: Number(points), durationSeconds: Number(duration.slice(0, -1)) * durationUnits[duration.slice(-1) as keyof typeof durationUnits] };
    })
    .refine((r) => r.points > 0 && r.durationSeconds > 0, "needs a count and a duration above 0");

const postgresUrl = z
  .string()
  .url("must be a URL like postgres://user:password@host:5432/database")
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must start with postgres:// or postgresql://");

const rawSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_PG_PORT: intSetting(54329, 1024, 65535),
  DB_STATEMENT_TIMEOUT_MS: intSetting(30_000, 0, 3_600_000),
  DB_LOCK_TIMEOUT_MS: intSetting(10_000, 0, 3_600_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: intSetting(60_000, 0, 3_600_000),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -hex 32)").optional(),
  APP_URL: z.string().url("must be the public URL of the app, e.g. http://localhost:3000").default("http://localhost:3000"),
  PORT: intSetting(3000, 1, 65535),
  TRUSTED_PROXY_HOPS: intSetting(0, 0, 10),
  METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters (try: openssl rand -hex 32); scrapers send it as Authorization: Bearer <token>")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces (it travels in an Authorization header)")
    .optional(),
  INNGEST_BASE_URL: z.string().url("must be the URL of your Inngest server, e.g. http://127.0.0.1:8288").optional(),
  INNGEST_SIGNING_KEY: z.string().regex(/^signkey-/, "must look like signkey-<env>-<hex>").optional(),
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  INNGEST_DEV: boolish,
  INNGEST_LOCAL_SIGNING_KEY: z
    .string()
    .regex(/^signkey-\w+-[0-9a-f]{64}$/i, "must look like signkey-local-<64 hex digits> (npm run dev and npm start make one)")
    .optional(),
  INNGEST_LOCAL_PORT: intSetting(8288, 1, 65535),
  MAIL_CATCHER_SMTP_PORT: intSetting(1025, 1, 65535),
  MAIL_CATCHER_WEB_PORT: intSetting(1080, 1, 65535),
  OUTBOX_BATCH_SIZE: intSetting(100, 1, 5000),
  OUTBOX_MAX_ATTEMPTS: intSetting(10, 1, 100),
  OUTBOX_RETENTION_DAYS: intSetting(30, 1, 3650),
  RESERVATION_TTL_MINUTES: intSetting(30, 1, 7 * 24 * 60),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_... or sk_live_...)").optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_/, "must be a Stripe publishable key (pk_test_... or pk_live_...)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_/, "must be a Stripe webhook signing secret (whsec_...)").optional(),
  STRIPE_API_HOST: z.string().min(1).optional(),
  STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  PAYMENT_WEBHOOK_URL: z.string().url("must be the URL the payment sandbox delivers webhooks to").optional(),
  PAYMENT_GATEWAY_TIMEOUT_MS: intSetting(10_000, 100, 120_000),
  PAYMENT_MAX_ATTEMPTS: intSetting(5, 1, 20),
  CANCELLATION_WINDOW_MINUTES: intSetting(60, 0, 30 * 24 * 60),
  CAPTURE_POLICY: z.enum(["on_confirm", "on_first_shipment"], { error: "must be on_confirm or on_first_shipment" }).default("on_confirm"),
  CARRIER: z.enum(["sandbox", "parcelhub"], { error: "must be sandbox or parcelhub" }).default("sandbox"),
  CARRIER_API_URL: z.string().url("must be the carrier API's base URL, e.g. https://api.parcelhub.example").optional(),
  CARRIER_API_KEY: z.string().min(1).optional(),
  CARRIER_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters (the secret the carrier signs its webhooks with)").optional(),
  CARRIER_TIMEOUT_MS: intSetting(10_000, 100, 120_000),
  ORDER_AUTO_COMPLETE_DAYS: intSetting(14, 1, 365),
  FULFILLMENT_SLA_HOURS: intSetting(24, 1, 30 * 24),
  RETURN_WINDOW_DAYS: intSetting(30, 0, 365),
  PASSWORD_RESET_TTL_MINUTES: intSetting(60, 5, 24 * 60),
  EMAIL_CHANGE_TTL_MINUTES: intSetting(24 * 60, 5, 7 * 24 * 60),
  RATE_LIMIT_API: rateSetting("600/1m"),
  RATE_LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: rateSetting("50/1h"),
  SIGN_IN_MAX_FAILURES: intSetting(5, 1, 100),
  SIGN_IN_LOCKOUT_SECONDS: intSetting(60, 1, 86_400),
  SIGN_IN_MAX_LOCKOUT_SECONDS: intSetting(3600, 1, 7 * 86_400),
  RATE_LIMIT_REGISTER: rateSetting("5/1h"),
  RATE_LIMIT_ORDER_LOOKUP: rateSetting("20/1h"),
  RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS: rateSetting("10/1h"),
  RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: rateSetting("3/1h"),
  RATE_LIMIT_PLACE_ORDER_PER_BUYER: rateSetting("10/10m"),
  RATE_LIMIT_PLACE_ORDER_PER_ADDRESS: rateSetting("30/1h"),
  MAX_UNPAID_ORDERS_PER_BUYER: intSetting(3, 1, 1000),
  MAX_UNPAID_ORDERS_PER_ADDRESS: intSetting(10, 1, 100_000),
  WEBHOOK_MAX_BODY_BYTES: intSetting(256 * 1024, 1024, 64 * 1024 * 1024),
  API_MAX_BODY_BYTES: intSetting(4 * 1024 * 1024, 64 * 1024, 256 * 1024 * 1024),
  SMTP_URL: z
    .string()
    .url("must be an SMTP URL like smtp://user:password@mail.example.com:587 or smtps://user:password@mail.example.com:465")
    .refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type InngestMode =
  /**
   * No Inngest configured: the local executor on loopback plays the Inngest server (one machine),
   * signing its calls with INNGEST_LOCAL_SIGNING_KEY exactly as Inngest signs them.
   */
  | { kind: "embedded"; localUrl: string }
  /** Inngest Cloud (signing key) or a self-hosted `inngest start` / dev server (INNGEST_BASE_URL). */
  | { kind: "external"; baseUrl: string | undefined; dev: boolean };

export type Env = {
  nodeEnv: "development" | "test" | "production";
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  /** Set on every connection of the app's pool (0 = no limit). */
  database: { timeouts: { statementMs: number; lockMs: number; idleInTransactionMs: number } };
  authSecret: string;
  appUrl: string;
  port: number;
  /**
   * How many reverse proxies of ours stand in front of Depot, each appending to X-Forwarded-For.
   * 0: clients connect directly and the socket address is used (server/lib/client-address.ts).
   */
  trustedProxyHops: number;
  /**
   * Bearer token /api/metrics requires (compared in constant time). Unset: the endpoint answers
   * loopback clients only (server/http/metrics-access.ts).
   */
  metricsToken: string | undefined;
  /**
   * `signingKey` verifies every call to /api/inngest (the SDK is never in its unsigned dev mode
   * outside INNGEST_DEV=1 against an `inngest dev` server, refused in production). Undefined only
   * when nothing provided a key, outside production: then no call can be verified and none runs.
   */
  inngest: InngestMode & { signingKey: string | undefined; eventKey: string };
  /** Ports of the mail catcher (MailDev, loopback) `npm run dev` starts when no SMTP_URL is set. */
  mailCatcher: { smtpPort: number; webPort: number };
  outbox: { batchSize: number; maxAttempts: number; retentionDays: number };
  /** How long an unpaid order holds its stock before it is cancelled. */
  reservationTtlMinutes: number;
  /** How long after placing an order the customer may still cancel it (OR-P1-04). */
  cancellationWindowMinutes: number;
  payments: {
    stripeSecretKey: string | undefined;
    /**
     * Stripe.js key for the checkout's Payment Element. Set (always with the secret key) → the
     * checkout shows Stripe's Payment Element; unset → the payment sandbox's test-card form.
     */
    stripePublishableKey: string | undefined;
    stripeApiHost: string | undefined;
    stripeApiPort: number | undefined;
    stripeApiProtocol: "http" | "https" | undefined;
    webhookSecret: string;
    webhookUrl: string;
    timeoutMs: number;
    /**
     * How many card payments one order may try (a decline keeps the order and its reservation,
     * and the customer may try another card); after the last the order waits for expiry or cancel.
     */
    maxAttempts: number;
    /** When an authorized payment is captured. */
    capturePolicy: "on_confirm" | "on_first_shipment";
  };
  carrier: {
    /** Which carrier adapter makes labels: the offline sandbox or ParcelHub's API. */
    code: "sandbox" | "parcelhub";
    apiUrl: string | undefined;
    apiKey: string | undefined;
    /** Verifies the Depot-Carrier-Signature of inbound tracking webhooks (and signs the sandbox's). */
    webhookSecret: string;
    /** Where the sandbox carrier delivers its signed tracking events: APP_URL + /api/webhooks/carrier/<code>. */
    webhookUrl: string;
    timeoutMs: number;
  };
  /** Delivered (or shipped, never confirmed) orders are completed after this many days (P1-2024-03). */
  orderAutoCompleteDays: number;
  /** A fulfillment not shipped this many hours after it was created is flagged as an SLA breach. */
  fulfillmentSlaHours: number;
  /** How many days after delivery a customer may still request a return. */
  returnWindowDays: number;
  /** How long an emailed link stays valid: password reset, email change confirmation (issue 14). */
  accountLinks: { passwordResetTtlMinutes: number; emailChangeTtlMinutes: number };
  /**
   * Request bodies larger than this are refused with 413 while they stream in (GW-P1-03): the
   * inbound webhooks, and `/api/trpc` (whose CSV imports of up to 2 MB travel JSON-encoded).
   */
  maxBodyBytes: { webhooks: number; api: number };
  /** Abuse limits (GW-P0-02, SE-P2-01); see server/rate-limits. */
  rateLimits: {
    /** Every tRPC call, per client address. */
    api: Rate;
    signIn: {
      /** Failed sign-ins from one address, any account; then that address is refused until the window ends. */
      failuresPerAddress: Rate;
      /** Failed sign-ins in a row for one account before it is locked; each further failure doubles the lockout. */
      maxFailures: number;
      lockoutSeconds: number;
      maxLockoutSeconds: number;
    };
    register: Rate;
    orderLookup: Rate;
    /** "Forgot password?" requests per client address, and per email asked about (whether or not it has an account). */
    passwordResetPerAddress: Rate;
    passwordResetPerAccount: Rate;
    placeOrderPerBuyer: Rate;
    placeOrderPerAddress: Rate;
    /** Unpaid orders holding stock at once, per buyer (customer or guest cart) and per client address. */
    maxUnpaidOrders: { perBuyer: number; perAddress: number };
  };
  /** Transactional mail (server/mail): sent over SMTP, never dropped. */
  mail: {
    /** Unset outside production: every send fails loudly and waits as a send_mail compensation until it is set. */
    smtpUrl: string | undefined;
    /** The From header of every mail. */
    from: string;
  };
  logLevel: z.infer<typeof rawSchema>["LOG_LEVEL"];
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Depot cannot start: ${problems.length} setting(s) are missing or invalid:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nFix the environment (see README.md, \"Configuration\") and start again.",
    );
    this.name = "EnvError";
  }
}

type Source = Record<string, string | undefined>;

/** Parses a settings source. Pure: tests call it with their own records. */
export function parseEnv(source: Source): Env {
  // Empty strings count as unset, so `FOO= npm start` does not smuggle in "".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = rawSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const isProd = raw.NODE_ENV === "production";
  // `next build` loads route modules but signs nothing; secrets are checked when the server starts.
  const building = source.NEXT_PHASE === "phase-production-build";

  if (isProd && !building && !raw.AUTH_SECRET) {
    problems.push("AUTH_SECRET: required in production (try: openssl rand -hex 32)");
  }
  if (raw.AUTH_SECRET === DEV_AUTH_SECRET && isProd) {
    problems.push("AUTH_SECRET: the development secret cannot be used in production");
  }

  const external = Boolean(raw.INNGEST_BASE_URL || raw.INNGEST_SIGNING_KEY);
  if (external && !raw.INNGEST_DEV && !raw.INNGEST_SIGNING_KEY) {
    problems.push(
      "INNGEST_SIGNING_KEY: required when INNGEST_BASE_URL points at an Inngest server " +
        "(set INNGEST_DEV=1 only for an `inngest dev` server)",
    );
  }
  if (external && !raw.INNGEST_DEV && isProd && !building && !raw.INNGEST_EVENT_KEY) {
    problems.push("INNGEST_EVENT_KEY: required to send events to Inngest in production");
  }
  if (raw.INNGEST_DEV && isProd) {
    problems.push("INNGEST_DEV: an `inngest dev` server calls /api/inngest unsigned, so it cannot be used in production");
  }
  if (!external && isProd && !building && !raw.INNGEST_LOCAL_SIGNING_KEY) {
    problems.push(
      "INNGEST_LOCAL_SIGNING_KEY: required in production without Inngest (npm start generates one beside the " +
        "embedded data); or configure Inngest with INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY",
    );
  }
  if (raw.STRIPE_SECRET_KEY && isProd && !building && !raw.STRIPE_WEBHOOK_SECRET) {
    problems.push("STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY in production (the endpoint's whsec_... secret)");
  }
  problems.push(...stripeKeyProblems(raw, isProd && !building));
  if (raw.CARRIER === "parcelhub") {
    if (!raw.CARRIER_API_URL) problems.push("CARRIER_API_URL: required with CARRIER=parcelhub (the carrier API's base URL)");
    if (!raw.CARRIER_API_KEY) problems.push("CARRIER_API_KEY: required with CARRIER=parcelhub (the API key the carrier gave you)");
    if (isProd && !building && !raw.CARRIER_WEBHOOK_SECRET) {
      problems.push("CARRIER_WEBHOOK_SECRET: required with CARRIER=parcelhub in production (the secret the carrier signs webhooks with)");
    }
  }
  if (raw.CARRIER_WEBHOOK_SECRET === DEV_CARRIER_WEBHOOK_SECRET && isProd) {
    problems.push("CARRIER_WEBHOOK_SECRET: the development secret cannot be used in production");
  }
  if (isProd && !building && !raw.SMTP_URL) {
    problems.push("SMTP_URL: required in production, Depot mails order updates over SMTP (e.g. smtps://user:password@mail.example.com:465)");
  }
  if (problems.length) throw new EnvError(problems);

  const inngest: InngestMode = external
    ? { kind: "external", baseUrl: raw.INNGEST_BASE_URL, dev: raw.INNGEST_DEV }
    : { kind: "embedded", localUrl: `http://127.0.0.1:${raw.INNGEST_LOCAL_PORT}` };

  return {
    nodeEnv: raw.NODE_ENV,
    databaseUrl: raw.DATABASE_URL,
    embeddedPgPort: raw.EMBEDDED_PG_PORT,
    database: {
      timeouts: {
        statementMs: raw.DB_STATEMENT_TIMEOUT_MS,
        lockMs: raw.DB_LOCK_TIMEOUT_MS,
        idleInTransactionMs: raw.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
    },
    authSecret: raw.AUTH_SECRET ?? DEV_AUTH_SECRET,
    appUrl: raw.APP_URL,
    port: raw.PORT,
    trustedProxyHops: raw.TRUSTED_PROXY_HOPS,
    metricsToken: raw.METRICS_TOKEN,
    inngest: { ...inngest, ...inngestKeys(raw, external) },
    mailCatcher: { smtpPort: raw.MAIL_CATCHER_SMTP_PORT, webPort: raw.MAIL_CATCHER_WEB_PORT },
    outbox: {
      batchSize: raw.OUTBOX_BATCH_SIZE,
      maxAttempts: raw.OUTBOX_MAX_ATTEMPTS,
      retentionDays: raw.OUTBOX_RETENTION_DAYS,
    },
    reservationTtlMinutes: raw.RESERVATION_TTL_MINUTES,
    cancellationWindowMinutes: raw.CANCELLATION_WINDOW_MINUTES,
    payments: {
      stripeSecretKey: raw.STRIPE_SECRET_KEY,
      stripePublishableKey: raw.STRIPE_PUBLISHABLE_KEY,
      stripeApiHost: raw.STRIPE_API_HOST,
      stripeApiPort: raw.STRIPE_API_PORT,
      stripeApiProtocol: raw.STRIPE_API_PROTOCOL,
      // Without Stripe the sandbox signs its own deliveries to this very process, so outside
      // development a fresh random secret per process is used rather than a known default.
      webhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? (isProd ? `whsec_${randomBytes(24).toString("hex")}` : DEV_WEBHOOK_SECRET),
      webhookUrl: raw.PAYMENT_WEBHOOK_URL ?? `${raw.APP_URL.replace(/\/$/, "")}/api/webhooks/stripe`,
      timeoutMs: raw.PAYMENT_GATEWAY_TIMEOUT_MS,
      maxAttempts: raw.PAYMENT_MAX_ATTEMPTS,
      capturePolicy: raw.CAPTURE_POLICY,
    },
    carrier: {
      code: raw.CARRIER,
      apiUrl: raw.CARRIER_API_URL,
      apiKey: raw.CARRIER_API_KEY,
      // Like the payment sandbox: the sandbox carrier signs deliveries to this very process, so
      // outside development and tests a fresh random secret per process stands in for a known default.
      webhookSecret: raw.CARRIER_WEBHOOK_SECRET ?? (isProd ? randomBytes(32).toString("hex") : DEV_CARRIER_WEBHOOK_SECRET),
      webhookUrl: `${raw.APP_URL.replace(/\/$/, "")}/api/webhooks/carrier/${raw.CARRIER}`,
      timeoutMs: raw.CARRIER_TIMEOUT_MS,
    },
    orderAutoCompleteDays: raw.ORDER_AUTO_COMPLETE_DAYS,
    fulfillmentSlaHours: raw.FULFILLMENT_SLA_HOURS,
    returnWindowDays: raw.RETURN_WINDOW_DAYS,
    accountLinks: { passwordResetTtlMinutes: raw.PASSWORD_RESET_TTL_MINUTES, emailChangeTtlMinutes: raw.EMAIL_CHANGE_TTL_MINUTES },
    maxBodyBytes: { webhooks: raw.WEBHOOK_MAX_BODY_BYTES, api: raw.API_MAX_BODY_BYTES },
    rateLimits: {
      api: raw.RATE_LIMIT_API,
      signIn: {
        failuresPerAddress: raw.RATE_LIMIT_SIGN_IN_FAILURES_PER_ADDRESS,
        maxFailures: raw.SIGN_IN_MAX_FAILURES,
        lockoutSeconds: raw.SIGN_IN_LOCKOUT_SECONDS,
        maxLockoutSeconds: raw.SIGN_IN_MAX_LOCKOUT_SECONDS,
      },
      register: raw.RATE_LIMIT_REGISTER,
      orderLookup: raw.RATE_LIMIT_ORDER_LOOKUP,
      passwordResetPerAddress: raw.RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS,
      passwordResetPerAccount: raw.RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT,
      placeOrderPerBuyer: raw.RATE_LIMIT_PLACE_ORDER_PER_BUYER,
      placeOrderPerAddress: raw.RATE_LIMIT_PLACE_ORDER_PER_ADDRESS,
      maxUnpaidOrders: { perBuyer: raw.MAX_UNPAID_ORDERS_PER_BUYER, perAddress: raw.MAX_UNPAID_ORDERS_PER_ADDRESS },
    },
    mail: { smtpUrl: raw.SMTP_URL, from: raw.MAIL_FROM ?? `Depot <no-reply@${new URL(raw.APP_URL).hostname}>` },
    logLevel: raw.LOG_LEVEL,
  };
}

/**
 * Inngest's keys: the configured ones, or in embedded mode the local signing key and an event
 * key derived from it, so only the holder of the key can send events to the local executor.
 * `inngest dev` accepts any event key; a real one is enforced above.
 */
function inngestKeys(raw: z.infer<typeof rawSchema>, external: boolean): { signingKey: string | undefined; eventKey: string } {
  if (external) return { signingKey: raw.INNGEST_SIGNING_KEY, eventKey: raw.INNGEST_EVENT_KEY ?? "local" };
  const signingKey = raw.INNGEST_LOCAL_SIGNING_KEY;
  const derived = signingKey ? createHmac("sha256", signingKey).update("depot local executor event key").digest("hex") : "local";
  return { signingKey, eventKey: raw.INNGEST_EVENT_KEY ?? derived };
}

/** Test or live mode of a Stripe key ("sk_test_…", "rk_live_…", "pk_test_…"). */
function stripeMode(key: string): "test" | "live" {
  return /^[a-z]+_live_/.test(key) ? "live" : "test";
}

/**
 * The Stripe keys come as a pair. A publishable key without a secret key would show the Payment
 * Element while payments go to the sandbox, which cannot use what it collects; a secret key
 * without a publishable key leaves the checkout on the sandbox card form, whose card numbers the
 * Stripe gateway refuses (only Stripe's pm_card_* test ids get through) — tolerated in
 * development and tests (the Stripe API stub), refused in production. Keys of different modes
 * (test vs live) never work together.
 */
function stripeKeyProblems(raw: z.infer<typeof rawSchema>, strict: boolean): string[] {
  const secret = raw.STRIPE_SECRET_KEY;
  const publishable = raw.STRIPE_PUBLISHABLE_KEY;
  if (publishable && !secret) {
    return ["STRIPE_PUBLISHABLE_KEY: set without STRIPE_SECRET_KEY; set both (Stripe) or neither (payment sandbox)"];
  }
  if (secret && !publishable && strict) {
    return ["STRIPE_PUBLISHABLE_KEY: required with STRIPE_SECRET_KEY in production (the checkout's Payment Element needs the pk_... key)"];
  }
  if (secret && publishable && stripeMode(secret) !== stripeMode(publishable)) {
    return [
      `STRIPE_PUBLISHABLE_KEY: a ${stripeMode(publishable)}-mode key cannot be used with a ${stripeMode(secret)}-mode STRIPE_SECRET_KEY`,
    ];
  }
  return [];
}

let cached: Env | undefined;

/** The validated settings of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The database URL; throws a readable error when nothing provided one. */
export function databaseUrl(): string {
  const url = env().databaseUrl;
  if (!url) {
    throw new EnvError([
      "DATABASE_URL: not set. Start the app with `npm run dev` (it starts the embedded PostgreSQL) " +
        "or point DATABASE_URL at a PostgreSQL 15+ database",
    ]);
  }
  return url;
}
