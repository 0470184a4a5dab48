import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { withRequestMetrics } from "@/server/lib/metrics";

export const dynamic = "force-dynamic";

// Every method needs Inngest's signature (the client is in its signed mode unless INNGEST_DEV=1
// against an `inngest dev` server): runs (POST), introspection (GET) and registration (PUT,
// whose unsigned out-of-band form would let anyone make the app re-sync) alike. Unsigned or
// wrongly signed calls get 401 and run nothing.
const handlers = serve({ client: inngest, functions, enableUnauthedSync: false });

export const GET = withRequestMetrics("/api/inngest", handlers.GET);
export const POST = withRequestMetrics("/api/inngest", handlers.POST);
export const PUT = withRequestMetrics("/api/inngest", handlers.PUT);
