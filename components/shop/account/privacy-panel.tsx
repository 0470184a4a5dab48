"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/input";
import { errorInfo } from "@/components/ui/trpc-error";

/** "Download my data" (a JSON file of everything we keep about the customer) and account deletion. */
export function PrivacyPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const remove = useMutation(trpc.account.deleteAccount.mutationOptions({ onSuccess: () => signOut({ callbackUrl: "/" }) }));
  const deleteError = remove.error ? errorInfo(remove.error) : null;

  async function download() {
    setExporting(true);
    setExportError(null);
    try {
      const data = await queryClient.fetchQuery({ ...trpc.account.exportData.queryOptions(), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = "depot-my-data.json";
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setExportError(errorInfo(error).message);
    } finally {
      setExporting(false);
    }
  }

  function onDelete(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    remove.mutate({ password: String(new FormData(event.currentTarget).get("password") ?? "") });
  }

  return (
    <div className="space-y-6">
      <Card className="space-y-3">
        <h2 className="text-lg font-semibold text-slate-900">Download your data</h2>
        <p className="text-sm text-slate-600">A JSON file with your profile, addresses, marketing choices and their history, orders and reviews.</p>
        {exportError && <Alert tone="error">{exportError}</Alert>}
        <Button variant="secondary" loading={exporting} onClick={download}>
          Download my data
        </Button>
      </Card>
      <Card className="space-y-3">
        <h2 className="text-lg font-semibold text-slate-900">Delete your account</h2>
        <p className="text-sm text-slate-600">
          We remove your name, email, phone and addresses, also from your past orders, and you can&apos;t sign in any more. The orders themselves stay in our books
          without your personal details. This can&apos;t be undone.
        </p>
        <form onSubmit={onDelete} noValidate className="max-w-sm space-y-3" aria-label="Delete account">
          {deleteError && Object.keys(deleteError.fieldErrors).length === 0 && <Alert tone="error">{deleteError.message}</Alert>}
          <TextField id="delete-password" name="password" label="Your password" type="password" autoComplete="current-password" errors={deleteError?.fieldErrors.password} />
          <Button type="submit" variant="danger" loading={remove.isPending}>
            Delete my account
          </Button>
        </form>
      </Card>
    </div>
  );
}
