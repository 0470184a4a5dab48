import { CarrierError, type CarrierAddress, type CreateLabelRequest } from "./types";

function addressProblems(who: string, address: CarrierAddress): string[] {
  const problems: string[] = [];
  const required: [keyof CarrierAddress, string][] = [
    ["name", "name"],
    ["line1", "street address"],
    ["city", "city"],
    ["postalCode", "postal code"],
  ];
  for (const [field, label] of required) {
    if (!address[field]?.trim()) problems.push(`${who} ${label} is missing`);
  }
  if (!/^[A-Za-z]{2}$/.test(address.country.trim())) problems.push(`${who} country must be a two-letter code like US`);
  return problems;
}

/** Everything wrong with a label request, in words for the packer; empty when it is fine. */
export function labelRequestProblems(request: CreateLabelRequest): string[] {
  const problems: string[] = [];
  if (!request.idempotencyKey.trim() || request.idempotencyKey.length > 255) {
    problems.push("idempotency key must be 1 to 255 characters");
  }
  if (!request.reference.trim()) problems.push("reference (order number) is missing");
  if (request.service !== "ground" && request.service !== "express") problems.push(`unknown service ${String(request.service)}`);
  problems.push(...addressProblems("sender", request.from), ...addressProblems("recipient", request.to));
  const { weightGrams, lengthCm, widthCm, heightCm } = request.parcel;
  if (!Number.isInteger(weightGrams) || weightGrams <= 0) problems.push("parcel weight must be a whole number of grams above 0");
  if (![lengthCm, widthCm, heightCm].every((d) => Number.isFinite(d) && d > 0)) {
    problems.push("parcel length, width and height must be above 0 cm");
  }
  return problems;
}

/** Throws a `rejected` CarrierError naming every problem. */
export function assertLabelRequest(request: CreateLabelRequest): void {
  const problems = labelRequestProblems(request);
  if (problems.length === 0) return;
  const text = problems.join("; ");
  throw new CarrierError("rejected", `The label request is incomplete: ${text}.`, { code: "invalid_request" });
}
