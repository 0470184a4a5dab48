import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { ShippingDesk } from "@/components/console/shipping/shipping-desk";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Shipping" };
export const dynamic = "force-dynamic";

export default async function ShippingPage() {
  const user = await requireUser("/console/shipping");
  if (!allowed(user.role, "shipping")) {
    return <Forbidden title="Shipping staff only" message="The shipping desk is for packers, warehouse managers and ops." backHref="/console" backLabel="Back to the console" />;
  }
  const carrier = env().carrier.code;
  const seesAll = allowed(user.role, "ops");
  return (
    <>
      <PageHeader
        title="Shipping"
        description={
          <>
            Hand labelled parcels to the carrier, label the ones the carrier could not, and follow deliveries
            {seesAll ? " in every warehouse" : " from your warehouse"}. Carrier: {carrier === "sandbox" ? "sandbox (offline)" : carrier}.
          </>
        }
      />
      <ShippingDesk userId={user.id} carrierCode={carrier} showWarehouse={seesAll} canSimulate={carrier === "sandbox" && allowed(user.role, "shippingSupervisor")} />
    </>
  );
}
