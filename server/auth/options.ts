import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { roles, type Role } from "@/server/vocabulary/users";
import { db } from "@/db/client";
import { env } from "@/server/env";
import { servedOverHttps } from "@/server/http";
import { authenticate } from "./authenticate";
import { refreshSessionToken } from "./session-token";
import type { SessionUser } from "@/server/vocabulary/session-user";

const credentials = z.object({ email: z.string().trim().email().max(254), password: z.string().min(1).max(200) });
const tokenUser = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  warehouseId: z.string().uuid().nullable(),
});

export function authOptions(): NextAuthOptions {
  return {
    secret: env().authSecret,
    // From APP_URL, not from NEXTAUTH_URL (next-auth's default, which a deployment may leave
    // unset): the session and CSRF cookies are Secure (and __Secure-/__Host- named) over https.
    useSecureCookies: servedOverHttps(env().appUrl),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/signin", signOut: "/signout", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          return authenticate(db(), parsed.data.email, parsed.data.password);
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        return refreshSessionToken(db(), token, user ? tokenUser.parse(user) : undefined);
      },
      session({ session, token }) {
        const parsed = tokenUser.safeParse(token.user);
        return { ...session, user: parsed.success ? parsed.data : undefined };
      },
    },
  };
}

declare module "next-auth" {
  interface Session {
    user?: SessionUser;
  }
  interface User {
    role: Role;
    warehouseId: string | null;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    user?: SessionUser;
    /** The account's session version at sign-in (server/auth/session-token.ts). */
    sessionVersion?: number;
  }
}
