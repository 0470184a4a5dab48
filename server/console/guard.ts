import "server-only";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { currentUser } from "@/server/auth";

/**
 * Pages check access themselves: a layout's check does not protect its pages on every request.
 * Redirects when signed out; the caller renders <Forbidden /> when the role is not allowed.
 */
export async function requireUser(callbackUrl: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return user;
}
