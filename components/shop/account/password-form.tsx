"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";
import { errorInfo } from "@/components/ui/trpc-error";

/**
 * Changes the password with the current one. The change ends every session of the account (its
 * session version moves on), this one too: it signs in again at once with the new password.
 */
export function PasswordForm({ email }: { email: string }) {
  const trpc = useTRPC();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const [done, setDone] = useState(false);
  const error = change.error ? errorInfo(change.error) : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get("newPassword") ?? "");
    setDone(false);
    try {
      await change.mutateAsync({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword });
    } catch {
      return; // shown from change.error
    }
    await signIn("credentials", { email, password: newPassword, redirect: false });
    formElement.reset();
    setDone(true);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4" aria-label="Change password">
      {error && Object.keys(error.fieldErrors).length === 0 && <Alert tone="error">{error.message}</Alert>}
      {done && <Alert tone="success">Your password is changed. You were signed out everywhere else.</Alert>}
      <TextField id="currentPassword" name="currentPassword" label="Current password" type="password" autoComplete="current-password" errors={error?.fieldErrors.currentPassword} />
      <TextField id="newPassword" name="newPassword" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters." errors={error?.fieldErrors.newPassword} />
      <Button type="submit" loading={change.isPending}>
        Change password
      </Button>
    </form>
  );
}
