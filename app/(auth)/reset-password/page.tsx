import type { Metadata } from "next";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Choose a new password</h1>
      <ResetPasswordForm token={typeof token === "string" ? token : ""} />
    </>
  );
}
