"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";

type Field = "name" | "email" | "password";

export function RegisterForm() {
  const router = useRouter();
  const trpc = useTRPC();
  const register = useMutation(trpc.account.register.mutationOptions());
  const [signingIn, setSigningIn] = useState(false);
  const [signInFailed, setSignInFailed] = useState(false);

  const fieldErrors: Partial<Record<Field, readonly string[]>> = register.error?.data?.fieldErrors ?? {};
  const hasFieldErrors = Object.values(fieldErrors).some((m) => m && m.length > 0);
  // CONFLICT carries a message meant for people; other failures too, unless the fields already explain them.
  const formError = register.error && !hasFieldErrors ? register.error.message : null;
  const errorsFor = (field: Field) => fieldErrors[field] ?? [];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setSignInFailed(false);
    try {
      await register.mutateAsync(input);
    } catch {
      return; // shown from register.error
    }
    setSigningIn(true);
    try {
      const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false, callbackUrl: "/" });
      if (!result || result.error || !result.ok) throw new Error("sign-in failed");
      router.push("/");
      router.refresh();
    } catch {
      setSigningIn(false);
      setSignInFailed(true);
    }
  }

  const busy = register.isPending || signingIn;

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="mt-6 space-y-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      {signInFailed && (
        <Alert tone="success" title="Your account is ready.">
          We couldn&apos;t sign you in automatically.{" "}
          <Link href="/signin" className="font-medium underline">
            Sign in
          </Link>{" "}
          with your new password.
        </Alert>
      )}
      <TextField id="name" name="name" label="Name" autoComplete="name" required maxLength={120} errors={errorsFor("name")} />
      <TextField
        id="email"
        name="email"
        label="Email"
        type="email"
        inputMode="email"
        autoComplete="email"
        required
        errors={errorsFor("email")}
      />
      <TextField
        id="password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="Use at least 10 characters."
        errors={errorsFor("password")}
      />
      <Button type="submit" className="w-full" loading={busy}>
        Create account
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/signin" className="font-medium text-brand-600 hover:text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
