"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";
import { errorInfo } from "@/components/ui/trpc-error";

export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const error = reset.error ? errorInfo(reset.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reset.mutate({ token, newPassword: String(new FormData(event.currentTarget).get("newPassword") ?? "") });
  }

  if (reset.isSuccess) {
    return (
      <div className="mt-6 space-y-4">
        <Alert tone="success">Your new password is set. You were signed out everywhere; sign in with it now.</Alert>
        <Link href="/signin" className={buttonClasses("primary", "md", "w-full")}>
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      {error && !error.fieldErrors.newPassword && (
        <Alert tone="error">
          {error.message}{" "}
          {error.fieldErrors.token && (
            <Link href="/forgot-password" className="font-medium underline">
              Get a new link
            </Link>
          )}
        </Alert>
      )}
      <TextField id="newPassword" name="newPassword" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters." errors={error?.fieldErrors.newPassword} />
      <Button type="submit" className="w-full" loading={reset.isPending}>
        Set new password
      </Button>
    </form>
  );
}
