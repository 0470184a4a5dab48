import NextAuth from "next-auth";
import { authOptions, throttledSignIn } from "@/server/auth";
import { refuseCrossOrigin } from "@/server/http";
import { withRouteCeiling } from "@/server/rate-limits";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const handler = withRouteCeiling("/api/auth", async (request: Request, context: RouteContext) => {
  // Sign-in and sign-out are POSTs: only from our own pages (next-auth's CSRF token stays too).
  const crossOrigin = refuseCrossOrigin(request);
  if (crossOrigin) return Response.json({ error: crossOrigin }, { status: 403 });

  const auth = NextAuth(authOptions()) as (req: Request, ctx: RouteContext) => Promise<Response>;
  const [action, provider] = (await context.params).nextauth;
  // Password sign-ins are throttled per account and per client address.
  if (request.method === "POST" && action === "callback" && provider === "credentials") {
    return throttledSignIn(request, () => auth(request, context));
  }
  return auth(request, context);
});

export { handler as GET, handler as POST };
