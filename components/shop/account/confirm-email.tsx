"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorInfo } from "@/components/ui/trpc-error";

/** The emailed link's page: confirming is a click, so a mail scanner opening the link changes nothing. */
export function ConfirmEmail({ token }: { token: string }) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.account.confirmEmailChange.mutationOptions());
  if (confirm.isSuccess) {
    return (
      <Alert tone="success" title="Your email is changed.">
        Your account now uses {confirm.data.email}.{" "}
        <Link href="/account/profile" className="font-medium underline">
          Back to your profile
        </Link>
      </Alert>
    );
  }
  return (
    <div className="space-y-4">
      {confirm.error && <Alert tone="error">{errorInfo(confirm.error).message}</Alert>}
      <Button loading={confirm.isPending} onClick={() => confirm.mutate({ token })}>
        Confirm my new email
      </Button>
    </div>
  );
}
