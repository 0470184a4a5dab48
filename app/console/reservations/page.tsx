import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/components/console/guard";
import { StuckReservations } from "@/components/console/reservations/stuck-reservations";
import { PageHeader } from "@/components/ui/page-header";
import { allowed, roleLabels } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Stuck reservations" };
export const dynamic = "force-dynamic";

export default async function ReservationsPage() {
  const user = await requireUser("/console/reservations");
  if (!allowed(user.role, "ops")) {
    return (
      <Forbidden
        title="Operations only"
        message={`Stuck reservations are for operations staff and administrators. Your ${roleLabels[user.role].toLowerCase()} account can't open them.`}
        backHref="/console"
        backLabel="Back to the overview"
      />
    );
  }
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
