import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AddressBook } from "@/components/shop/account/address-book";
import { Alert } from "@/components/ui/alert";
import { db } from "@/db/client";
import { currentUser } from "@/server/auth";
import { listAddresses } from "@/server/users";

export const metadata: Metadata = { title: "My addresses" };
export const dynamic = "force-dynamic";

export default async function AddressesPage() {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=/account/addresses");
  return (
    <div className="mx-auto max-w-4xl px-4 pb-10 sm:px-6">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">My addresses</h1>
      {user.role !== "customer" ? <Alert tone="info">This page is for customer accounts.</Alert> : <AddressBook initial={await listAddresses(db(), user.id)} customerName={user.name} />}
    </div>
  );
}
