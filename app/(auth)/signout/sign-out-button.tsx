"use client";

import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <div className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
      <Button variant="secondary" onClick={() => router.back()} disabled={pending}>
        Cancel
      </Button>
      <Button
        loading={pending}
        onClick={() => {
          setPending(true);
          void signOut({ callbackUrl: "/" }).catch(() => setPending(false));
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
