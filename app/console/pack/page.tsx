import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { PackStation } from "@/components/console/packing/pack-station";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Pack" };
export const dynamic = "force-dynamic";

export default async function PackPage() {
  const user = await requireUser("/console/pack");
  if (!allowed(user.role, "packer")) {
    return <Forbidden title="Packers only" message="The pack station is for packers and their warehouse manager." backHref="/console" backLabel="Back to the console" />;
  }
  return (
    <>
      <PageHeader title="Pack station" description="Scan the order on the tote, scan every item into the box, weigh it and print the label." />
      <PackStation userId={user.id} />
    </>
  );
}
