/**
 * The ParcelHub REST API as it travels: snake_case JSON bodies, the answers we accept, and
 * what an HTTP status means for us. Shared by the adapter and its test stub.
 */
import { z } from "zod";
import { CarrierError, type CarrierAddress, type CreateLabelRequest } from "./types";

const wireAddress = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string(),
  postal_code: z.string(),
  country: z.string(),
});

export const wireLabelRequest = z.object({
  reference: z.string(),
  service: z.enum(["ground", "express"]),
  from: wireAddress,
  to: wireAddress,
  parcel: z.object({
    weight_grams: z.number(),
    length_cm: z.number(),
    width_cm: z.number(),
    height_cm: z.number(),
  }),
});
export type WireLabelRequest = z.infer<typeof wireLabelRequest>;

export const wireLabelResponse = z.object({
  tracking_number: z.string().min(1),
  shipment_id: z.string().min(1),
  label_pdf_base64: z.string().min(1),
  /** Decimal string, never a JSON number. */
  rate: z.object({ amount: z.string().regex(/^\d+(\.\d{1,4})?$/), currency: z.string().length(3) }).optional(),
});
export type WireLabelResponse = z.infer<typeof wireLabelResponse>;

export const wireCancelResponse = z.object({
  tracking_number: z.string(),
  status: z.enum(["cancelled", "not_cancellable"]),
});
export type WireCancelResponse = z.infer<typeof wireCancelResponse>;

export const wireError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type WireError = z.infer<typeof wireError>;

function toWireAddress(address: CarrierAddress): z.infer<typeof wireAddress> {
  return {
    name: address.name,
    line1: address.line1,
    ...(address.line2 ? { line2: address.line2 } : {}),
    city: address.city,
    region: address.region,
    postal_code: address.postalCode,
    country: address.country.toUpperCase(),
  };
}

export function toWireLabelRequest(request: CreateLabelRequest): WireLabelRequest {
  const { parcel } = request;
  return {
    reference: request.reference,
    service: request.service,
    from: toWireAddress(request.from),
    to: toWireAddress(request.to),
    parcel: { weight_grams: parcel.weightGrams, length_cm: parcel.lengthCm, width_cm: parcel.widthCm, height_cm: parcel.heightCm },
  };
}

function carrierSays(body: unknown): { code?: string; message?: string } {
  const parsed = wireError.safeParse(body);
  return parsed.success ? parsed.data.error : {};
}

/** A non-2xx answer as a CarrierError: 4xx is about the request, 5xx/429/409 about the carrier. */
export function errorForStatus(status: number, body: unknown): CarrierError {
  const said = carrierSays(body);
  const detail = said.message ? `: ${said.message.replace(/[.\s]+$/, "")}` : "";
  if (status === 401 || status === 403) {
    return new CarrierError("unavailable", `The carrier refused our API key (HTTP ${status}). Check the carrier settings.`, {
      code: "unauthorized",
      statusCode: status,
    });
  }
  if (status === 409 || status === 429 || status >= 500) {
    const code = status === 429 ? "rate_limited" : status === 409 ? "in_progress" : "server_error";
    return new CarrierError("unavailable", `The carrier is having trouble (HTTP ${status})${detail}. Try again later.`, {
      code,
      statusCode: status,
      retriable: true,
    });
  }
  if (status === 404) {
    return new CarrierError("rejected", `The carrier does not know this label${detail}.`, {
      code: said.code ?? "not_found",
      statusCode: status,
    });
  }
  return new CarrierError("rejected", `The carrier rejected the request${detail}.`, {
    code: said.code ?? "invalid_request",
    statusCode: status,
  });
}

/** A 2xx answer we cannot use: retrying the same key would only replay it. */
export function badResponse(what: string, cause?: unknown): CarrierError {
  return new CarrierError("unavailable", `The carrier sent an answer Depot cannot read (${what}).`, { code: "bad_response", cause });
}
