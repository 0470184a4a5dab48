/** Which adapter made a label; stored with the shipment and sent in tracking events. */
export type CarrierCode = "sandbox" | "parcelhub";

export type CarrierService = "ground" | "express";

export type CarrierAddress = {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  /** State, province or region; may be empty where a country has none. */
  region: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, e.g. "US". */
  country: string;
};

export type Parcel = {
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
};

/** A decimal string, never a float: "7.50" in "USD". */
export type CarrierMoney = { amount: string; currency: string };

export type CreateLabelRequest = {
  /**
   * Derived by the caller from our shipment id (e.g. `label:${shipmentId}`): a retried call
   * with the same key returns the same label and tracking number, never a second label.
   */
  idempotencyKey: string;
  /** Printed on the label; the order number. */
  reference: string;
  service: CarrierService;
  from: CarrierAddress;
  to: CarrierAddress;
  parcel: Parcel;
};

export type LabelResult = {
  trackingNumber: string;
  carrierShipmentId: string;
  /** A 4x6 inch label, ready to print. */
  labelPdf: Uint8Array;
  /** What the carrier charges for the label, when it says. */
  cost?: CarrierMoney;
};

export type CancelLabelRequest = { trackingNumber: string; idempotencyKey: string };

/** `cancelled: false` when the carrier can no longer void the label (e.g. already scanned). */
export type CancelLabelResult = { cancelled: boolean };

export interface CarrierAdapter {
  readonly code: CarrierCode;
  /** Rejects with a CarrierError only. */
  createLabel(request: CreateLabelRequest): Promise<LabelResult>;
  /** Rejects with a CarrierError only. */
  cancelLabel(request: CancelLabelRequest): Promise<CancelLabelResult>;
}

/**
 * - `unavailable`: the carrier could not be reached or failed (timeout, 5xx, open circuit,
 *   bad credentials). The request itself may be fine: the caller puts the shipment in the
 *   manual queue and retries later with the same idempotency key.
 * - `rejected`: the carrier refused this request (an address it cannot deliver to, a parcel
 *   over its limits). Retrying the same request cannot help; someone has to change it.
 */
export type CarrierErrorKind = "unavailable" | "rejected";

export type CarrierErrorDetails = {
  /** Short machine code: timeout, circuit_open, server_error, network, rate_limited, unauthorized, bad_response, address_undeliverable, … */
  code?: string;
  statusCode?: number;
  /** May an immediate automatic retry of the same call help? Never true for `rejected`. */
  retriable?: boolean;
  cause?: unknown;
};

export class CarrierError extends Error {
  readonly kind: CarrierErrorKind;
  readonly code?: string;
  readonly statusCode?: number;
  readonly retriable: boolean;

  /** `message` is shown to warehouse staff: say what happened and what to do. */
  constructor(kind: CarrierErrorKind, message: string, details: CarrierErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "CarrierError";
    this.kind = kind;
    this.code = details.code;
    this.statusCode = details.statusCode;
    this.retriable = kind === "rejected" ? false : (details.retriable ?? false);
  }
}

export function isCarrierError(error: unknown): error is CarrierError {
  return error instanceof CarrierError;
}
