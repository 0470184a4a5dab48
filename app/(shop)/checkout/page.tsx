import type { Metadata } from "next";
import Link from "next/link";
import { CheckoutForm } from "@/components/shop/checkout-form";
import { Alert } from "@/components/ui/alert";
import { db } from "@/db/client";
import { currentUser } from "@/server/auth";
import { env } from "@/server/env";
import { lastShippingAddress } from "@/server/orders";
import { defaultShippingAddress } from "@/server/users";

export const metadata: Metadata = { title: "Checkout" };
export const dynamic = "force-dynamic";

export default async function CheckoutPage() {
  const user = await currentUser();
  const customer = user?.role === "customer" ? user : null;
  // The address book's default first (issue 14), else where their last order went.
  const defaultAddress = customer ? await defaultShippingAddress(db(), customer.id) : null;
  const savedAddress = defaultAddress ?? (customer ? await lastShippingAddress(db(), customer.id) : null);
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <div className="mb-6 flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Checkout</h1>
        <Link href="/cart" className="text-sm font-medium text-brand-600 hover:underline">
          ← Back to cart
        </Link>
      </div>
      {user && user.role !== "customer" ? (
        <Alert tone="error">Staff accounts can&apos;t shop. Sign in with a customer account.</Alert>
      ) : (
        // With a Stripe publishable key the card step is Stripe's Payment Element; without, the sandbox form.
        <CheckoutForm
          customerEmail={user?.email ?? null}
          customerName={customer?.name ?? null}
          savedAddress={savedAddress}
          savedFrom={defaultAddress ? "default" : "last-order"}
          stripePublishableKey={env().payments.stripePublishableKey ?? null}
        />
      )}
    </div>
  );
}
