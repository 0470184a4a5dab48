import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { requireUser } from "@/components/console/guard";
import { OrderSearch } from "@/components/console/orders/order-search";
import { PageHeader } from "@/components/ui/page-header";
import { allowed, roleLabels } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Orders" };
export const dynamic = "force-dynamic";

/** Ops order search; `?q=` (or status, from, to, sku) opens it with a search already run. */
export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/console/orders");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) {
    return (
      <Forbidden
        title="Operations only"
        message={`Order search is for operations staff and administrators. Your ${roleLabels[user.role].toLowerCase()} account can't open it.`}
        backHref="/console"
        backLabel="Back to the overview"
      />
    );
  }
  const params = await searchParams;
  const one = (key: string) => {
    const v = params[key];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  return (
    <>
      <PageHeader title="Orders" description="Find any order by number, email, recipient's name, status, date or SKU, then open its full timeline." />
      <OrderSearch initial={{ q: one("q"), status: one("status"), from: one("from"), to: one("to"), sku: one("sku") }} />
    </>
  );
}
