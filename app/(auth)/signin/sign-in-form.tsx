"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";

const failedMessage = "Email or password is incorrect.";

/** `callbackUrl` is already checked to be a relative path; null means "the default for this user". */
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string | null; initialError: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? failedMessage : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
        callbackUrl: callbackUrl ?? "/",
      });
      if (!result || result.error || !result.ok) {
        // 429: the sign-in throttle says why and for how long (in `error`).
        setError(result?.status === 429 && result.error ? result.error : failedMessage);
        setPending(false);
        return;
      }
      // Without a callback the server decides: staff to the console, customers to the shop.
      router.push(callbackUrl ?? "/signin/continue");
      router.refresh();
    } catch {
      setError("We couldn't reach Depot. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} method="post" className="mt-6 space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <TextField id="email" name="email" label="Email" type="email" autoComplete="email" inputMode="email" required />
      <TextField id="password" name="password" label="Password" type="password" autoComplete="current-password" required />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:text-brand-700 hover:underline">
          Forgot password?
        </Link>
      </p>
      <Button type="submit" className="w-full" loading={pending}>
        Sign in
      </Button>
      <p className="text-center text-sm text-slate-600">
        New to Depot?{" "}
        <Link href="/register" className="font-medium text-brand-600 hover:text-brand-700 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
