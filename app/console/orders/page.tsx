import type { Metadata } from "next";
import { Forbidden, OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { OrderSearch } from "@/components/console/orders/order-search";
import { PageHeader } from "@/components/ui/page-header";
import { allowed } from "@/server/auth";

export const metadata: Metadata = { title: "Orders" };
export const dynamic = "force-dynamic";

/** Ops order search; `?q=` (or status, from, to, sku) opens it with a search already run. */
export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/console/orders");
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="Order search" />;
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
