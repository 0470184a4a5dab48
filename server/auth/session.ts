import { getServerSession } from "next-auth";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { authOptions } from "./options";

/** The signed-in user of the current request (server components and route handlers). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  return session?.user ?? null;
}
