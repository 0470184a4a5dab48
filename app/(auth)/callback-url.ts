/** Stands in for Depot's own origin: a path that resolves elsewhere against it leaves the site. */
const ownOrigin = "http://depot.invalid";

/** Pages that are never where a sign-in should land (a return to /signout would sign the customer out again). */
const notDestinations = ["/signin", "/signout", "/register", "/api"];

/**
 * Only same-site paths are followed after sign-in: "/orders" yes; "//evil.example",
 * "/\\evil.example" (browsers treat a backslash like a slash), "/\t/evil.example" (browsers drop
 * tabs and newlines) and absolute URLs no. The path is judged as a browser parses it, and that
 * parsed path is what is returned, so what was checked is what is followed.
 */
export function safeCallbackUrl(value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || /^\/[/\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, ownOrigin);
  } catch {
    return null;
  }
  if (url.origin !== ownOrigin) return null;
  if (notDestinations.some((page) => url.pathname === page || url.pathname.startsWith(`${page}/`))) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
