import type { Metadata } from "next";
import Link from "next/link";
import { HowItShips } from "@/components/shop/how-it-ships";
import { buttonClasses } from "@/components/ui/button";
import { currentUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Shop" };

export default async function HomePage() {
  const user = await currentUser();
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
            {!user && (
              <Link href="/register" className={buttonClasses("primary", "lg")}>
                Get started
              </Link>
            )}
            <a href="#how-depot-ships" className={buttonClasses("secondary", "lg")}>
              See how it works
            </a>
          </div>
        </div>
      </section>
      <HowItShips />
    </>
  );
}
