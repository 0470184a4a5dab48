"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/input";

type Field = "name" | "email" | "password";

function describedBy(...ids: Array<string | false>): string | undefined {
  const list = ids.filter((id): id is string => Boolean(id));
  return list.length > 0 ? list.join(" ") : undefined;
}

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
  const invalid = (field: Field) => errorsFor(field).length > 0;

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
      <div className="space-y-1.5">
        <Label htmlFor="name">Name</Label>
        <Input
          id="name"
          name="name"
          autoComplete="name"
          required
          maxLength={120}
          invalid={invalid("name")}
          aria-describedby={describedBy(invalid("name") && "name-error")}
        />
        <FieldError id="name-error" messages={errorsFor("name")} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="email">Email</Label>
        <Input
          id="email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          required
          invalid={invalid("email")}
          aria-describedby={describedBy(invalid("email") && "email-error")}
        />
        <FieldError id="email-error" messages={errorsFor("email")} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          invalid={invalid("password")}
          aria-describedby={describedBy("password-hint", invalid("password") && "password-error")}
        />
        <FieldHint id="password-hint">Use at least 10 characters.</FieldHint>
        <FieldError id="password-error" messages={errorsFor("password")} />
      </div>
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
