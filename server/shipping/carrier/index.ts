export {
  carrierConfigFromSettings,
  createCarrier,
  type CarrierConfig,
  type CarrierSettings,
} from "./create-carrier";
export { renderCode128, type BarcodeImage } from "./barcode";
export { defaultResilience as defaultCarrierResilience, type ResilienceOptions as CarrierResilienceOptions } from "@/server/lib/resilience";
export { HttpCarrier, type HttpCarrierOptions } from "./http-carrier";
export { groupTrackingNumber, LABEL_HEIGHT_PT, LABEL_WIDTH_PT, renderLabelPdf, type LabelPdfInput } from "./label-pdf";
export { labelRequestProblems } from "./request-checks";
export { SANDBOX_CARRIER_NAME, SandboxCarrier, type SandboxCarrierOptions } from "./sandbox-carrier";
export { SANDBOX_TRACKING_NUMBER, sandboxTrackingNumber } from "./sandbox-ids";
export {
  SANDBOX_CARRIER_TRIGGERS,
  SANDBOX_MAX_WEIGHT_GRAMS,
  SANDBOX_OUTAGE_NAME_MARKER,
  SANDBOX_UNDELIVERABLE_POSTAL_CODE,
  type SandboxCarrierTrigger,
} from "./sandbox-triggers";
export {
  buildTrackingEvent,
  carrierTrackingEventSchema,
  deliverSandboxTrackingEvent,
  parseTrackingEvent,
  TRACKING_EVENT_TYPES,
  type BuildTrackingEventInput,
  type CarrierTrackingEvent,
  type DeliverTrackingEventOptions,
  type TrackingEventType,
} from "./tracking-events";
export * from "./types";
export {
  CARRIER_SIGNATURE_HEADER,
  CARRIER_SIGNATURE_TOLERANCE_SEC,
  CarrierSignatureError,
  signCarrierPayload,
  verifyCarrierSignature,
  type CarrierSignatureFailure,
  type VerifiedCarrierSignature,
} from "./webhook-signature";
