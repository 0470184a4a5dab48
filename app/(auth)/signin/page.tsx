import type { Metadata } from "next";
import { safeCallbackUrl } from "../callback-url";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in to Depot</h1>
      <p className="mt-1 text-sm text-slate-600">Welcome back. Enter your email and password.</p>
      <SignInForm callbackUrl={safeCallbackUrl(params.callbackUrl)} initialError={params.error !== undefined} />
    </>
  );
}
