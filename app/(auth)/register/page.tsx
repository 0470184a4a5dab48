import type { Metadata } from "next";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create account" };

export default function RegisterPage() {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Create your Depot account</h1>
      <p className="mt-1 text-sm text-slate-600">It takes a minute. Then your orders ship from the warehouse nearest you.</p>
      <RegisterForm />
    </>
  );
}
