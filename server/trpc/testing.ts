import type { SessionUser } from "@/server/auth/authenticate";
import type { Context } from "./context";
import { createCallerFactory } from "./init";
import { appRouter } from "./routers";

const createCaller = createCallerFactory(appRouter);

/** A browser for tests: a session (or none) and a cookie jar holding the guest cart token. */
export function testBrowser(user: SessionUser | null = null) {
  const jar: { guestToken: string | null } = { guestToken: null };
  const context = (): Context => ({
    user,
    requestId: "test",
    guestToken: jar.guestToken,
    setGuestToken: (token) => {
      jar.guestToken = token;
    },
  });
  return { caller: createCaller(context), jar };
}
