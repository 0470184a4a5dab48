import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleSidebar } from "@/components/console/console-sidebar";
import { Forbidden } from "@/components/console/forbidden";
import { sectionsFor } from "@/components/console/sections";
import { Wordmark } from "@/components/ui/wordmark";
import { allowed, roleLabels, currentUser } from "@/server/auth";

export const metadata: Metadata = {
  title: { default: "Console", template: "%s · Depot console" },
};

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=/console");

  if (!allowed(user.role, "staff")) {
    return (
      <div className="flex min-h-screen flex-col items-center justify-center gap-6 px-4 py-10">
        <Wordmark />
        <main className="w-full">
          <Forbidden />
        </main>
      </div>
    );
  }

  const items = sectionsFor(user.role).map(({ href, label }) => ({ href, label }));

  return (
    <div className="min-h-screen md:flex">
      <ConsoleSidebar items={items} userName={user.name} roleLabel={roleLabels[user.role]} />
      <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 md:px-8 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
