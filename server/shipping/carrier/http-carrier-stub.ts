/**
 * Test helper: a local HTTP stand-in for the ParcelHub API on 127.0.0.1 with a random port.
 * It records every request, answers a repeated Idempotency-Key with the stored answer (only
 * successes are stored, like Stripe: a refused request may be fixed and sent again under its
 * key) and can be told to fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import { renderLabelPdf } from "./label-pdf";
import { type WireCancelResponse, type WireError, wireLabelRequest, type WireLabelResponse } from "./parcelhub-wire";
import { requestFingerprint } from "./sandbox-ids";

export type ParcelHubStubRequest = {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: unknown;
};

export type ParcelHubStubFailure =
  | { kind: "status"; status: number; code?: string; message?: string }
  /** Never answers (until the stub stops or the client gives up). */
  | { kind: "hang" }
  /** 200 with a body that is not JSON. */
  | { kind: "garbage" };

/** The stub cannot deliver to this postal code (422 address_undeliverable). */
export const STUB_UNDELIVERABLE_POSTAL_CODE = "00000";

type Stored = { fingerprint: string; status: number; body: unknown };

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function wireError(code: string, message: string): WireError {
  return { error: { code, message } };
}

export class ParcelHubStub {
  readonly requests: ParcelHubStubRequest[] = [];
  /** Labels actually made (not replays). */
  labelsCreated = 0;
  private readonly failures: ParcelHubStubFailure[] = [];
  private readonly replies = new Map<string, Stored>();
  private readonly inFlight = new Set<string>();
  private readonly labels = new Set<string>();
  private readonly shipped = new Set<string>();
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));
  private port = 0;

  constructor(readonly apiKey = "ph_test_key") {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` requests fail this way (in order), then the stub is healthy again. */
  fail(failure: ParcelHubStubFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  /** The parcel was scanned: its label can no longer be cancelled. */
  markShipped(trackingNumber: string): void {
    this.shipped.add(trackingNumber);
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, 400, wireError("invalid_json", "The body is not JSON."));
    }
    const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined);
    const key = header("idempotency-key");
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    this.requests.push({ method: req.method ?? "GET", path, idempotencyKey: key, authorization: header("authorization"), body });

    const failure = this.failures.shift();
    if (failure?.kind === "hang") return;
    if (failure?.kind === "garbage") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end("<html>oops</html>");
    }
    if (failure?.kind === "status") {
      return send(res, failure.status, wireError(failure.code ?? "stub_failure", failure.message ?? `stub failure ${failure.status}`));
    }
    if (header("authorization") !== `Bearer ${this.apiKey}`) return send(res, 401, wireError("unauthorized", "Invalid API key."));
    if (req.method !== "POST") return send(res, 405, wireError("method_not_allowed", "Use POST."));
    if (!key) return send(res, 400, wireError("idempotency_key_required", "Send an Idempotency-Key header."));

    const fingerprint = requestFingerprint({ path, body });
    const stored = this.replies.get(key);
    if (stored && stored.fingerprint !== fingerprint) {
      return send(res, 422, wireError("idempotency_key_reused", "This Idempotency-Key was used with a different request."));
    }
    if (stored) return send(res, stored.status, stored.body);
    if (this.inFlight.has(key)) return send(res, 409, wireError("in_progress", "A request with this Idempotency-Key is in progress."));
    this.inFlight.add(key);
    try {
      const [status, answer] = await this.answer(path, body);
      if (status < 300) this.replies.set(key, { fingerprint, status, body: answer });
      send(res, status, answer);
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async answer(path: string, body: unknown): Promise<[number, unknown]> {
    if (path === "/v1/labels") return this.createLabel(body);
    const cancel = /^\/v1\/labels\/([^/]+)\/cancel$/.exec(path);
    if (!cancel) return [404, wireError("not_found", `No route ${path}.`)];
    const trackingNumber = decodeURIComponent(cancel[1] ?? "");
    if (!this.labels.has(trackingNumber)) return [404, wireError("label_not_found", `No label ${trackingNumber}.`)];
    const answer: WireCancelResponse = {
      tracking_number: trackingNumber,
      status: this.shipped.has(trackingNumber) ? "not_cancellable" : "cancelled",
    };
    return [200, answer];
  }

  private async createLabel(body: unknown): Promise<[number, unknown]> {
    const parsed = wireLabelRequest.safeParse(body);
    if (!parsed.success) return [400, wireError("invalid_request", parsed.error.issues.map((i) => i.path.join(".")).join(", "))];
    const request = parsed.data;
    if (request.to.postal_code === STUB_UNDELIVERABLE_POSTAL_CODE) {
      return [422, wireError("address_undeliverable", `We do not deliver to postal code ${request.to.postal_code}.`)];
    }
    this.labelsCreated += 1;
    const trackingNumber = `PH${String(this.labelsCreated).padStart(12, "0")}`;
    this.labels.add(trackingNumber);
    const address = (a: typeof request.to) => ({ ...a, postalCode: a.postal_code });
    const pdf = await renderLabelPdf({
      trackingNumber,
      carrierName: "ParcelHub (stub)",
      service: request.service,
      reference: request.reference,
      from: address(request.from),
      to: address(request.to),
      parcel: {
        weightGrams: request.parcel.weight_grams,
        lengthCm: request.parcel.length_cm,
        widthCm: request.parcel.width_cm,
        heightCm: request.parcel.height_cm,
      },
    });
    const answer: WireLabelResponse = {
      tracking_number: trackingNumber,
      shipment_id: `shp_${this.labelsCreated}`,
      label_pdf_base64: Buffer.from(pdf).toString("base64"),
      rate: { amount: "8.40", currency: "usd" },
    };
    return [201, answer];
  }
}
