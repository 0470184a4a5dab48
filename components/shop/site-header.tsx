import Link from "next/link";
import { Suspense } from "react";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { allowed } from "@/server/auth/shared";
import { buttonClasses } from "@/components/ui/button";
import { Wordmark } from "@/components/ui/wordmark";
import { CartLink } from "./cart-link";
import { SignInLink } from "./sign-in-link";

const navLink =
  "rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600";

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const shopper = !user || user.role === "customer";
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Wordmark />
        <nav aria-label="Main" className="flex items-center gap-1">
          <Link href="/products" className={navLink}>
            Shop
          </Link>
          {user?.role === "customer" ? (
            <>
              <Link href="/account/orders" className={navLink}>
                My orders
              </Link>
              <Link href="/account/profile" className={navLink}>
                My account
              </Link>
            </>
          ) : (
            !user && (
              <Link href="/orders/lookup" className={navLink}>
                Track an order
              </Link>
            )
          )}
        </nav>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-x-2 gap-y-1">
          {shopper && <CartLink className={navLink} />}
          {user ? (
            <>
              <span className="max-w-[10rem] truncate text-sm text-slate-600" title={user.name}>
                <span className="sr-only">Signed in as </span>
                {user.name}
              </span>
              {allowed(user.role, "staff") && (
                <Link href="/console" className={navLink}>
                  Staff console
                </Link>
              )}
              <Link href="/signout" className={navLink}>
                Sign out
              </Link>
            </>
          ) : (
            <>
              <Suspense
                fallback={
                  <Link href="/signin" className={navLink}>
                    Sign in
                  </Link>
                }
              >
                <SignInLink className={navLink} />
              </Suspense>
              <Link href="/register" className={buttonClasses("primary", "sm")}>
                Create account
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
