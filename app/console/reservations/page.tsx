import type { Metadata } from "next";
import { OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { StuckReservations } from "@/components/console/reservations/stuck-reservations";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Stuck reservations" };
export const dynamic = "force-dynamic";

export default async function ReservationsPage() {
  const user = await requireUser("/console/reservations");
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="Stuck reservations" plural />;
  return (
    <>
      <PageHeader
        title="Stuck reservations"
        description="Stock held for orders that no longer need it, and stock levels whose reserved count disagrees with their reservations. Release, extend or re-check them; every action is recorded in the audit log."
      />
      <StuckReservations />
    </>
  );
}
