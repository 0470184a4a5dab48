export const dynamic = "force-dynamic";

/** Liveness: the process answers. Dependencies are checked by /api/health/ready. */
export function GET() {
  return Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
}
