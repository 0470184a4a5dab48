import type { JWT } from "next-auth/jwt";
import type { DbOrTx } from "@/db/client";
import { sessionState } from "@/server/users";
import type { SessionUser } from "@/server/vocabulary/session-user";

/**
 * next-auth's jwt callback (issue 14). At sign-in the token takes the account's session version;
 * on every later read the account is looked up (one primary-key read): a token of an older
 * session version (the password was changed or reset since) or of a deleted account loses its
 * user, which signs that session out, and name and email follow profile changes at once.
 */
export async function refreshSessionToken(db: DbOrTx, token: JWT, signedIn?: SessionUser): Promise<JWT> {
  const user = signedIn ?? token.user;
  if (!user) return token;
  const state = await sessionState(db, user.id);
  const valid = state && !state.deleted && (signedIn !== undefined || state.sessionVersion === token.sessionVersion);
  if (!valid) {
    const { user: _user, sessionVersion: _version, ...rest } = token;
    return rest;
  }
  return { ...token, user: { ...user, name: state.name, email: state.email }, sessionVersion: state.sessionVersion };
}
