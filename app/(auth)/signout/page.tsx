import type { Metadata } from "next";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign out of Depot?</h1>
      <p className="mt-1 text-sm text-slate-600">You can sign back in any time with your email and password.</p>
      <SignOutButton />
    </>
  );
}
