import { env } from "@/server/env";

/** The order page: a signed-in customer's order, or a guest's in the browser that placed it (else "find your order"). */
export function orderUrl(number: string): string {
  return new URL(`/orders/${encodeURIComponent(number)}`, env().appUrl).toString();
}

/** Where a guest finds an order from another browser: number and checkout email. */
export function orderLookupUrl(): string {
  return new URL("/orders/lookup", env().appUrl).toString();
}

const publicTracking: Record<string, (tracking: string) => string> = {
  ups: (t) => `https://www.ups.com/track?tracknum=${t}`,
  usps: (t) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${t}`,
  fedex: (t) => `https://www.fedex.com/fedextrack/?trknbr=${t}`,
  dhl: (t) => `https://www.dhl.com/en/express/tracking.html?AWB=${t}`,
};

/**
 * The tracking link of a parcel: the carrier's public tracking page where it has one, else the
 * order page, which lists every parcel with its tracking number and latest carrier status.
 */
export function trackingUrl(carrier: string, trackingNumber: string | null, orderNumber: string): string {
  const page = publicTracking[carrier.toLowerCase()];
  return page && trackingNumber ? page(encodeURIComponent(trackingNumber)) : orderUrl(orderNumber);
}

const carrierNames: Record<string, string> = { sandbox: "Depot Sandbox Carrier", parcelhub: "ParcelHub", ups: "UPS", usps: "USPS", fedex: "FedEx", dhl: "DHL" };

/** A carrier code as a customer reads it. */
export function carrierName(carrier: string): string {
  return carrierNames[carrier.toLowerCase()] ?? carrier;
}
