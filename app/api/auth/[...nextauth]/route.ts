import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: RouteContext) {
  const auth = NextAuth(authOptions()) as (req: Request, ctx: RouteContext) => Promise<Response>;
  return auth(request, context);
}

export { handler as GET, handler as POST };
