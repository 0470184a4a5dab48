import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/server/auth/authenticate";
import { currentUser } from "@/server/auth/session";

export type Context = { user: SessionUser | null; requestId: string };

export async function createContext(): Promise<Context> {
  return { user: await currentUser(), requestId: randomUUID() };
}
