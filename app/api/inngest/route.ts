import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { withRequestMetrics } from "@/server/lib/metrics";

export const dynamic = "force-dynamic";

// Signed requests only, unless the client is in dev mode (embedded local executor): the SDK
// verifies INNGEST_SIGNING_KEY on every call in cloud mode.
const handlers = serve({ client: inngest, functions });

export const GET = withRequestMetrics("/api/inngest", handlers.GET);
export const POST = withRequestMetrics("/api/inngest", handlers.POST);
export const PUT = withRequestMetrics("/api/inngest", handlers.PUT);
