import { type CarrierErrorKind, type CreateLabelRequest } from "./types";

/**
 * How to make the sandbox carrier fail, like Stripe's test cards: shown in the UI next to the
 * address form so anyone can rehearse the manual-queue path.
 *
 * - recipient postal code "00000": rejected, the carrier cannot deliver there;
 * - recipient name containing "OUTAGE" (any case): unavailable, as if the carrier were down;
 * - a parcel over 30 kg: rejected, over the carrier's weight limit.
 *
 * A whole outage (every call unavailable) is the `outage` option of SandboxCarrier.
 */
export const SANDBOX_UNDELIVERABLE_POSTAL_CODE = "00000";
export const SANDBOX_OUTAGE_NAME_MARKER = "OUTAGE";
export const SANDBOX_MAX_WEIGHT_GRAMS = 30_000;

export type SandboxCarrierTrigger = {
  /** Which input: "to.postalCode", "to.name", "parcel.weightGrams". */
  field: string;
  /** What to enter, as a person reads it. */
  value: string;
  outcome: CarrierErrorKind;
  code: string;
  message: string;
};

const undeliverable: SandboxCarrierTrigger = {
  field: "to.postalCode",
  value: SANDBOX_UNDELIVERABLE_POSTAL_CODE,
  outcome: "rejected",
  code: "address_undeliverable",
  message: `The carrier does not deliver to postal code ${SANDBOX_UNDELIVERABLE_POSTAL_CODE}: check the recipient's address.`,
};

const outage: SandboxCarrierTrigger = {
  field: "to.name",
  value: `contains ${SANDBOX_OUTAGE_NAME_MARKER}`,
  outcome: "unavailable",
  code: "outage",
  message: "The carrier is not answering right now (sandbox outage). Try again later.",
};

const tooHeavy: SandboxCarrierTrigger = {
  field: "parcel.weightGrams",
  value: `over ${SANDBOX_MAX_WEIGHT_GRAMS}`,
  outcome: "rejected",
  code: "parcel_too_heavy",
  message: `The parcel is over the carrier's ${SANDBOX_MAX_WEIGHT_GRAMS / 1000} kg limit: split it into two parcels.`,
};

export const SANDBOX_CARRIER_TRIGGERS: readonly SandboxCarrierTrigger[] = [undeliverable, outage, tooHeavy];

/** The trigger a request hits, if any. */
export function sandboxTrigger(request: CreateLabelRequest): SandboxCarrierTrigger | undefined {
  if (request.to.postalCode.trim() === SANDBOX_UNDELIVERABLE_POSTAL_CODE) return undeliverable;
  if (request.to.name.toUpperCase().includes(SANDBOX_OUTAGE_NAME_MARKER)) return outage;
  if (request.parcel.weightGrams > SANDBOX_MAX_WEIGHT_GRAMS) return tooHeavy;
  return undefined;
}
