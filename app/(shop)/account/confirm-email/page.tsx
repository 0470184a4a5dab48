import type { Metadata } from "next";
import { ConfirmEmail } from "@/components/shop/account/confirm-email";

export const metadata: Metadata = { title: "Confirm your new email" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConfirmEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Confirm your new email</h1>
      <ConfirmEmail token={typeof token === "string" ? token : ""} />
    </div>
  );
}
