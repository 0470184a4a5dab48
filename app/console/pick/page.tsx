import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { MyPicklists } from "@/components/console/picking/my-picklists";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Pick" };
export const dynamic = "force-dynamic";

export default async function PickPage() {
  const user = await requireUser("/console/pick");
  if (!allowed(user.role, "picker")) {
    return <Forbidden title="Pickers only" message="Picking is for pickers and their warehouse manager." backHref="/console" backLabel="Back to the console" />;
  }
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="My picklists" description="Yours first, then open ones you can take. Start one and follow the walk." />
      <MyPicklists userId={user.id} />
    </div>
  );
}
