/**
 * A pass-through for the payment sandbox's webhooks that notes when each one arrives.
 *
 * The sandbox delivers to PAYMENT_WEBHOOK_URL; pointing that at this relay lets a bench see
 * the moment a webhook reached the app's side, per order (`data.object.metadata.order_id`),
 * which the database cannot say: `webhook_events` keeps the event id and type, not the intent
 * or the order. Each request is forwarded unchanged (raw body, Stripe-Signature header) to
 * the app's endpoint, and the app's status and body are returned to the sandbox, so its
 * retries behave as without the relay. Cost: one extra loopback HTTP hop per webhook.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

const FORWARDED_HEADERS = ["content-type", "stripe-signature", "user-agent"] as const;

export type WebhookRelay = {
  /** First arrival (epoch ms) of each event type, per order id. */
  readonly arrivals: Map<string, Map<string, number>>;
  /** Deliveries received, and forwards the app did not answer with a 2xx (or that failed). */
  readonly counts: { received: number; notOk: number; unreadable: number };
  close: () => Promise<void>;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The event type and the order id of a Stripe-format event body, when present. */
function describe(raw: string): { type: string; orderId: string } | undefined {
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(event) || typeof event.type !== "string" || !isRecord(event.data) || !isRecord(event.data.object)) return undefined;
  const metadata = event.data.object.metadata;
  const orderId = isRecord(metadata) ? metadata.order_id : undefined;
  return typeof orderId === "string" ? { type: event.type, orderId } : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Listens on 127.0.0.1:`port` and forwards every request to `target` (a full URL). */
export async function startWebhookRelay(port: number, target: string): Promise<WebhookRelay> {
  const arrivals = new Map<string, Map<string, number>>();
  const counts = { received: 0, notOk: 0, unreadable: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const arrivedAt = Date.now();
    counts.received++;
    const body = await readBody(req);
    const what = describe(body);
    if (what) {
      const byType = arrivals.get(what.orderId) ?? new Map<string, number>();
      if (!byType.has(what.type)) byType.set(what.type, arrivedAt);
      arrivals.set(what.orderId, byType);
    } else {
      counts.unreadable++;
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    try {
      const answer = await fetch(target, { method: "POST", body, headers, signal: AbortSignal.timeout(30_000) });
      const text = await answer.text();
      if (!answer.ok) counts.notOk++;
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(text);
    } catch (error) {
      counts.notOk++;
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `relay: ${error instanceof Error ? error.message : String(error)}` }));
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      counts.notOk++;
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    arrivals,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
