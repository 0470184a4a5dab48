"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const sections = [
  { href: "/account/profile", label: "Profile" },
  { href: "/account/addresses", label: "Addresses" },
  { href: "/account/orders", label: "Orders" },
  { href: "/account/preferences", label: "Preferences" },
  { href: "/account/security", label: "Password" },
  { href: "/account/privacy", label: "Your data" },
] as const;

/** The account area's sections (issue 14). */
export function AccountNav() {
  const path = usePathname();
  return (
    <nav aria-label="Account" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200 pb-2">
      {sections.map((s) => (
        <Link
          key={s.href}
          href={s.href}
          aria-current={path === s.href ? "page" : undefined}
          className={cn(
            "rounded-md px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600",
            path === s.href ? "bg-brand-50 text-brand-700" : "text-slate-700",
          )}
        >
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
