import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConsentForm } from "@/components/shop/account/consent-form";
import { Alert } from "@/components/ui/alert";
import { db } from "@/db/client";
import { currentUser } from "@/server/auth";
import { consentState } from "@/server/users";

export const metadata: Metadata = { title: "Marketing preferences" };
export const dynamic = "force-dynamic";

export default async function PreferencesPage() {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=/account/preferences");
  return (
    <div className="mx-auto max-w-4xl px-4 pb-10 sm:px-6">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Marketing preferences</h1>
      {user.role !== "customer" ? <Alert tone="info">This page is for customer accounts.</Alert> : <ConsentForm initial={await consentState(db(), user.id)} />}
    </div>
  );
}
