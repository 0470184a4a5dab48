import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasswordForm } from "@/components/shop/account/password-form";
import { Alert } from "@/components/ui/alert";
import { currentUser } from "@/server/auth";

export const metadata: Metadata = { title: "Password" };
export const dynamic = "force-dynamic";

export default async function SecurityPage() {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=/account/security");
  return (
    <div className="mx-auto max-w-4xl px-4 pb-10 sm:px-6">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Password</h1>
      {user.role !== "customer" ? <Alert tone="info">This page is for customer accounts.</Alert> : <PasswordForm email={user.email} />}
    </div>
  );
}
