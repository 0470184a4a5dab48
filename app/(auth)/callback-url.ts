/**
 * Only same-site relative paths are followed after sign-in: "/orders" yes; "//evil.example",
 * "/\\evil.example" (browsers treat a backslash like a slash) and absolute URLs no.
 */
export function safeCallbackUrl(value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return null;
  return raw;
}
