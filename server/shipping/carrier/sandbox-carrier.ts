import { renderLabelPdf } from "./label-pdf";
import { assertLabelRequest } from "./request-checks";
import { requestFingerprint, SANDBOX_TRACKING_NUMBER, sandboxShipmentId, sandboxTrackingNumber } from "./sandbox-ids";
import { sandboxRate } from "./sandbox-rates";
import { sandboxTrigger } from "./sandbox-triggers";
import {
  CarrierError,
  type CancelLabelRequest,
  type CancelLabelResult,
  type CarrierAdapter,
  type CreateLabelRequest,
  type LabelResult,
} from "./types";

export const SANDBOX_CARRIER_NAME = "Depot Sandbox Carrier";

export type SandboxCarrierOptions = {
  /** Asked on every call; true → the call fails as `unavailable` (a carrier outage). */
  outage?: () => boolean;
};

function outageError(): CarrierError {
  return new CarrierError("unavailable", "The carrier is not answering right now (sandbox outage). Try again later.", {
    code: "outage",
    retriable: true,
  });
}

/**
 * The offline carrier. Labels are real PDFs with a scannable barcode; tracking numbers and
 * label bytes are pure functions of the request, so they survive restarts. It fails on
 * purpose for the inputs in sandbox-triggers.ts and while `outage()` is true. Only the
 * "same key, different request" check and the cancelled set are kept in memory.
 */
export class SandboxCarrier implements CarrierAdapter {
  readonly code = "sandbox" as const;
  private readonly outage: () => boolean;
  private readonly fingerprints = new Map<string, string>();
  private readonly cancelled = new Set<string>();

  constructor(options: SandboxCarrierOptions = {}) {
    this.outage = options.outage ?? (() => false);
  }

  async createLabel(request: CreateLabelRequest): Promise<LabelResult> {
    if (this.outage()) throw outageError();
    assertLabelRequest(request);
    const trigger = sandboxTrigger(request);
    if (trigger) {
      throw new CarrierError(trigger.outcome, trigger.message, { code: trigger.code, retriable: trigger.outcome === "unavailable" });
    }
    const { idempotencyKey, ...labelRequest } = request;
    const fingerprint = requestFingerprint(labelRequest);
    const earlier = this.fingerprints.get(idempotencyKey);
    if (earlier !== undefined && earlier !== fingerprint) {
      throw new CarrierError(
        "rejected",
        "This idempotency key was already used for a different label. Cancel that label and request a new one with a new key.",
        { code: "idempotency_key_reused" },
      );
    }
    const trackingNumber = sandboxTrackingNumber(idempotencyKey);
    const labelPdf = await renderLabelPdf({ ...labelRequest, trackingNumber, carrierName: SANDBOX_CARRIER_NAME });
    this.fingerprints.set(idempotencyKey, fingerprint);
    return {
      trackingNumber,
      carrierShipmentId: sandboxShipmentId(idempotencyKey),
      labelPdf,
      cost: sandboxRate(request.service, request.parcel),
    };
  }

  /** Voids any sandbox label (idempotent: cancelling twice still says cancelled). */
  async cancelLabel(request: CancelLabelRequest): Promise<CancelLabelResult> {
    if (this.outage()) throw outageError();
    if (!SANDBOX_TRACKING_NUMBER.test(request.trackingNumber)) {
      throw new CarrierError("rejected", `The carrier has no label with tracking number ${request.trackingNumber}.`, {
        code: "label_not_found",
      });
    }
    this.cancelled.add(request.trackingNumber);
    return { cancelled: true };
  }

  /** For the sandbox UI and tests. */
  isCancelled(trackingNumber: string): boolean {
    return this.cancelled.has(trackingNumber);
  }
}
