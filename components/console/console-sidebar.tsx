"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Wordmark } from "@/components/ui/wordmark";

type NavItem = { href: string; label: string };

/** Sidebar on md+ screens; a top bar with a menu toggle on small screens. */
export function ConsoleSidebar({ items, userName, roleLabel }: { items: readonly NavItem[]; userName: string; roleLabel: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const isActive = (href: string) => (href === "/console" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));

  return (
    <aside className="sticky top-0 z-10 border-b border-slate-200 bg-white md:flex md:h-screen md:w-64 md:shrink-0 md:flex-col md:border-r md:border-b-0">
      <div className="flex h-14 items-center justify-between gap-3 px-4 md:h-16 md:px-5">
        <div className="flex items-center gap-2">
          <Wordmark href="/console" />
          <span className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">Console</span>
        </div>
        <button
          type="button"
          className="inline-flex size-10 items-center justify-center rounded-lg text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 md:hidden"
          aria-expanded={open}
          aria-controls="console-menu"
          onClick={() => setOpen((v) => !v)}
        >
          <span className="sr-only">{open ? "Close menu" : "Open menu"}</span>
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
            {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
        </button>
      </div>

      <div id="console-menu" className={cn("flex-1 flex-col border-t border-slate-200 md:flex md:border-t-0", open ? "flex" : "hidden")}>
        <nav aria-label="Console" className="flex-1 px-3 py-3">
          <ul className="space-y-1">
            {items.map((item) => {
              const active = isActive(item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    onClick={() => setOpen(false)}
                    className={cn(
                      "block rounded-lg px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600",
                      active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="border-t border-slate-200 px-5 py-4">
          <p className="truncate text-sm font-medium text-slate-900" title={userName}>
            {userName}
          </p>
          <p className="text-xs text-slate-500">{roleLabel}</p>
          <div className="mt-3 flex items-center gap-4 text-sm">
            <Link href="/signout" className="font-medium text-slate-700 hover:text-slate-900 hover:underline">
              Sign out
            </Link>
            <Link href="/" className="text-slate-500 hover:text-slate-800 hover:underline">
              Storefront
            </Link>
          </div>
        </div>
      </div>
    </aside>
  );
}
