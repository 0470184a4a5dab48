import { z } from "zod";
import { EMAIL_MAX, PHONE_MAX, PROFILE_NAME_MAX } from "@/server/vocabulary/accounts";

/**
 * Sanitised, validated profile fields (CS-P0-03). The input guard of every procedure already
 * refuses NUL, broken and control characters; these single-line fields also refuse line breaks
 * and tabs, invisible formatting characters (zero-width, bidi overrides: they disguise a name)
 * and markup characters, are NFC-normalised with runs of spaces collapsed, and are bounded.
 */
const INVISIBLE = /[\t\n\r\p{Cf}]/u;
const MARKUP = /[<>]/;

const singleLine = (label: string) =>
  z
    .string()
    .transform((v) => v.normalize("NFC").replace(/ {2,}/g, " ").trim())
    .refine((v) => !INVISIBLE.test(v), `The ${label} contains a line break or an invisible character. Type it on one line.`)
    .refine((v) => !MARKUP.test(v), `The ${label} can't contain < or >.`);

export const personName = singleLine("name")
  .refine((v) => v.length > 0, "Enter your name")
  .refine((v) => v.length <= PROFILE_NAME_MAX, `Your name is too long (at most ${PROFILE_NAME_MAX} characters)`)
  .refine((v) => v === "" || /\p{L}/u.test(v), "Your name needs at least one letter");

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, "That email address is too long")
  .email("Enter a valid email address");

/**
 * A phone number as E.164 (+19735550100), or null when left empty. US numbers may be typed with
 * any of spaces, dots, dashes and brackets and without +1; other countries start with +.
 */
export function normalisePhone(typed: string): string | null | undefined {
  const v = typed.trim();
  if (v === "") return null;
  if (!/^\+?[\d\s().-]+$/.test(v)) return undefined;
  const digits = v.replace(/\D/g, "");
  if (v.startsWith("+")) {
    if (digits.startsWith("1")) return digits.length === 11 ? `+${digits}` : undefined;
    return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
  }
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return undefined;
}

export const phoneNumber = z
  .string()
  .max(PHONE_MAX, "That phone number is too long")
  .transform((v, ctx) => {
    const phone = normalisePhone(v);
    if (phone === undefined) {
      ctx.addIssue({ code: "custom", message: "Enter a US phone number of 10 digits, or an international number starting with +" });
      return z.NEVER;
    }
    return phone;
  });

export const profileInput = z.object({
  expectedVersion: z.number().int().min(0).max(2_147_483_647),
  name: personName,
  email: emailAddress,
  phone: phoneNumber,
});
export type ProfileInput = z.infer<typeof profileInput>;
