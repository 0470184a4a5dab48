import type { Metadata } from "next";
import { Forbidden, OpsOnly } from "@/components/console/forbidden";
import { requireUser } from "@/server/console/guard";
import { OrderDetail } from "@/components/console/orders/order-detail";
import { allowed } from "@/server/auth";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }): Promise<Metadata> {
  const { number } = await params;
  return { title: `Order ${decodeURIComponent(number).toUpperCase()}` };
}

/** One order for ops: summary, manual actions (cancel, status override) and its whole timeline. */
export default async function OrderPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  const decoded = decodeURIComponent(number).trim().toUpperCase();
  const user = await requireUser(`/console/orders/${encodeURIComponent(decoded)}`);
  if (!allowed(user.role, "staff")) return <Forbidden />;
  if (!allowed(user.role, "ops")) return <OpsOnly role={user.role} what="Order timelines" plural />;
  return <OrderDetail number={decoded} />;
}
