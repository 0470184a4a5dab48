import { db } from "@/db/client";
import { allowed, warehouseScope, currentUser } from "@/server/auth";
import { domainErrorCodes, isDomainError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logging";
import { withRequestMetrics } from "@/server/lib/metrics";
import { withRouteCeiling } from "@/server/rate-limits";
import { shipmentLabel } from "@/server/shipping";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A shipment's label PDF, to print. Checked here, not only by the console pages: signed in,
 * a shipping role, and the shipment in the caller's warehouse (ops and admin: any).
 */
export const GET = withRequestMetrics("/api/shipments/label", withRouteCeiling("/api/shipments/label", async (_request: Request, context: RouteContext) => {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Please sign in first." }, { status: 401 });
  if (!allowed(user.role, "shipping")) return Response.json({ error: "Your account is not allowed to do this." }, { status: 403 });
  const { id } = await context.params;
  if (!UUID.test(id)) return Response.json({ error: "There is no such shipment in your warehouse." }, { status: 404 });
  try {
    const label = await shipmentLabel(db(), id, warehouseScope(user));
    return new Response(new Uint8Array(label.pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${label.fileName}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (isDomainError(error)) return Response.json({ error: error.message }, { status: domainErrorCodes[error.code] });
    logger.error({ err: error, shipmentId: id }, "label download failed");
    return Response.json({ error: "Something went wrong on our side. Please try again." }, { status: 500 });
  }
}));
