import { type CarrierMoney, type CarrierService, type Parcel } from "./types";

/** Sandbox price list in cents: a base price plus a price per started kilogram. */
const RATES: Record<CarrierService, { baseCents: number; perKgCents: number }> = {
  ground: { baseCents: 500, perKgCents: 100 },
  express: { baseCents: 1200, perKgCents: 250 },
};

function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** Integer cents all the way; the amount leaves as a decimal string. */
export function sandboxRate(service: CarrierService, parcel: Parcel): CarrierMoney {
  const rate = RATES[service];
  const kilos = Math.max(1, Math.ceil(parcel.weightGrams / 1000));
  return { amount: formatCents(rate.baseCents + rate.perKgCents * kilos), currency: "USD" };
}
