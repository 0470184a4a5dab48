"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";
import { errorInfo } from "@/components/ui/trpc-error";

export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const error = request.error ? errorInfo(request.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ email: String(new FormData(event.currentTarget).get("email") ?? "") });
  }

  if (request.isSuccess) {
    return (
      <Alert tone="success" title="Check your email" className="mt-6">
        If an account uses {request.variables.email}, we sent it a link to choose a new password. The link works once, for an hour.
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      {error && Object.keys(error.fieldErrors).length === 0 && <Alert tone="error">{error.message}</Alert>}
      <TextField id="email" name="email" label="Email" type="email" autoComplete="email" inputMode="email" errors={error?.fieldErrors.email} />
      <Button type="submit" className="w-full" loading={request.isPending}>
        Email me a link
      </Button>
      <p className="text-center text-sm text-slate-600">
        <Link href="/signin" className="font-medium text-brand-600 hover:text-brand-700 hover:underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}
