import { type z } from "zod";
import { createResilience, resilienceOptions, type ResilienceOptions, type Resilient } from "@/server/lib/resilience";
import { carrierErrors } from "./carrier-errors";
import {
  badResponse,
  errorForStatus,
  toWireLabelRequest,
  wireCancelResponse,
  wireLabelResponse,
} from "./parcelhub-wire";
import { assertLabelRequest } from "./request-checks";
import {
  type CancelLabelRequest,
  type CancelLabelResult,
  type CarrierAdapter,
  type CreateLabelRequest,
  type LabelResult,
} from "./types";

export type HttpCarrierOptions = Partial<ResilienceOptions> & {
  /** e.g. "https://api.parcelhub.example"; tests point it at the local stub. */
  baseUrl: string;
  apiKey: string;
  /** Injectable transport; defaults to the global fetch. */
  fetchImpl?: typeof fetch;
};

function decodeLabel(base64: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(base64, "base64"));
  if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") !== "%PDF-") throw badResponse("the label is not a PDF");
  return bytes;
}

/**
 * The real carrier: the ParcelHub REST API over fetch. Every POST carries the caller's
 * Idempotency-Key, so the bounded retries (timeouts, network errors, 5xx; never a 4xx) and a
 * later manual retry return the label of the first call instead of buying a second one.
 */
export class HttpCarrier implements CarrierAdapter {
  readonly code = "parcelhub" as const;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly resilient: Resilient;

  constructor(private readonly options: HttpCarrierOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
    this.resilient = createResilience(resilienceOptions(options), carrierErrors);
  }

  /** For health checks: "closed" | "open" | "half-open" | "isolated". */
  get circuitState(): string {
    return this.resilient.circuitState;
  }

  async createLabel(request: CreateLabelRequest): Promise<LabelResult> {
    // An incomplete request is refused here, without a call (and without touching the breaker).
    assertLabelRequest(request);
    const answer = await this.post("/v1/labels", request.idempotencyKey, toWireLabelRequest(request), wireLabelResponse);
    return {
      trackingNumber: answer.tracking_number,
      carrierShipmentId: answer.shipment_id,
      labelPdf: decodeLabel(answer.label_pdf_base64),
      ...(answer.rate ? { cost: { amount: answer.rate.amount, currency: answer.rate.currency.toUpperCase() } } : {}),
    };
  }

  async cancelLabel(request: CancelLabelRequest): Promise<CancelLabelResult> {
    const path = `/v1/labels/${encodeURIComponent(request.trackingNumber)}/cancel`;
    const answer = await this.post(path, request.idempotencyKey, {}, wireCancelResponse);
    return { cancelled: answer.status === "cancelled" };
  }

  private post<T>(path: string, idempotencyKey: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.resilient.run(async (signal) => {
      const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          "content-type": "application/json",
          accept: "application/json",
          "idempotency-key": idempotencyKey,
          "user-agent": "depot-carrier/1",
        },
        body: JSON.stringify(body),
        signal,
      });
      // Read the body inside the attempt, so the timeout covers a carrier that stalls mid-answer.
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch (error) {
        if (res.ok) throw badResponse(`HTTP ${res.status} with a body that is not JSON`, error);
      }
      if (!res.ok) throw errorForStatus(res.status, json);
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw badResponse(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      return parsed.data;
    });
  }
}
