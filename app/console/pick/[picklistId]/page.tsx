import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { PickWalk } from "@/components/console/picking/pick-walk";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Picking" };
export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Params = Promise<{ picklistId: string }>;

export default async function PickWalkPage({ params }: { params: Params }) {
  const { picklistId } = await params;
  const user = await requireUser(`/console/pick/${encodeURIComponent(picklistId)}`);
  if (!allowed(user.role, "picker")) {
    return <Forbidden title="Pickers only" message="Picking is for pickers and their warehouse manager." backHref="/console" backLabel="Back to the console" />;
  }
  if (!UUID.test(picklistId)) notFound();
  return <PickWalk picklistId={picklistId.toLowerCase()} userId={user.id} />;
}
