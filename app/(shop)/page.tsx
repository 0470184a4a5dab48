import type { Metadata } from "next";
import Link from "next/link";
import { HowItShips } from "@/components/shop/how-it-ships";
import { ProductCard } from "@/components/shop/product-card";
import { buttonClasses } from "@/components/ui/button";
import { db } from "@/db/client";
import { currentUser } from "@/server/auth";
import { listProducts } from "@/server/catalog";

export const metadata: Metadata = { title: "Shop" };
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [user, featured] = await Promise.all([currentUser(), listProducts(db(), { page: 1, pageSize: 4 })]);
  return (
    <>
      <section className="border-b border-slate-200 bg-linear-to-b from-brand-50 to-white">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-600">Welcome to Depot</p>
          <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
            Everything you need, shipped from the warehouse nearest you.
          </h1>
          <p className="mt-4 max-w-2xl text-lg text-slate-600">
            {user
              ? `Good to see you, ${user.name}. Your orders leave from the warehouse closest to you, so they reach you sooner.`
              : "Shorter trips mean faster deliveries. Every order is picked, packed and shipped from the warehouse closest to your address."}
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href="/products" className={buttonClasses("primary", "lg")}>
              Shop all products
            </Link>
            {!user && (
              <Link href="/register" className={buttonClasses("secondary", "lg")}>
                Get started
              </Link>
            )}
            <a href="#how-depot-ships" className={buttonClasses("ghost", "lg")}>
              See how it works
            </a>
          </div>
        </div>
      </section>
      {featured.items.length > 0 && (
        <section aria-labelledby="featured-heading" className="mx-auto max-w-6xl px-4 pt-14 sm:px-6 sm:pt-20">
          <div className="flex items-end justify-between gap-4">
            <h2 id="featured-heading" className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
              Featured products
            </h2>
            <Link href="/products" className="text-sm font-medium text-brand-600 hover:underline">
              See all →
            </Link>
          </div>
          <ul className="mt-6 grid grid-cols-1 gap-4 min-[420px]:grid-cols-2 lg:grid-cols-4">
            {featured.items.map((product) => (
              <ProductCard key={product.id} product={product} />
            ))}
          </ul>
        </section>
      )}
      <HowItShips />
    </>
  );
}
