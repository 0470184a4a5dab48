import type { Metadata } from "next";
import { OrderView } from "@/components/shop/order-view";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

type Params = Promise<{ number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Order ${(await params).number.toUpperCase().slice(0, 20)}` };
}

export default async function OrderPage({ params }: { params: Params }) {
  const { number } = await params;
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <OrderView
        number={number.toUpperCase()}
        holdMinutes={env().reservationTtlMinutes}
        maxPaymentAttempts={env().payments.maxAttempts}
        stripePublishableKey={env().payments.stripePublishableKey ?? null}
      />
    </div>
  );
}
