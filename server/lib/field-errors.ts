import type { ZodError } from "zod";

/** Validation messages by field path ("email", "address.postalCode"), as the API sends them and the pages show them. */
export function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return out;
}
