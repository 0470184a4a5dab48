import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { ReviewQueue } from "@/components/console/reviews/review-queue";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";
import { requireUser } from "@/server/console/guard";

export const metadata: Metadata = { title: "Reviews" };
export const dynamic = "force-dynamic";

export default async function ReviewsPage() {
  const user = await requireUser("/console/reviews");
  if (!allowed(user.role, "ops")) {
    return <Forbidden title="Operations only" message="Customer reviews are moderated by ops." backHref="/console" backLabel="Back to the console" />;
  }
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Reviews by customers with a delivered order of the product. Nothing is published until it is approved here; a rejection keeps it hidden and records why. Every decision is audited."
      />
      <ReviewQueue />
    </>
  );
}
