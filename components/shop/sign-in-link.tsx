"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

/** "Sign in" that comes back here: the page (with its query) travels as the sign-in's callbackUrl. */
export function SignInLink({ className }: { className?: string }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  // From the home page the default applies: customers return home, staff go to the console.
  const href = pathname === "/" ? "/signin" : `/signin?callbackUrl=${encodeURIComponent(search ? `${pathname}?${search}` : pathname)}`;
  return (
    <Link href={href} className={className}>
      Sign in
    </Link>
  );
}
