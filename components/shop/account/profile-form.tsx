"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";
import { errorInfo } from "@/components/ui/trpc-error";
import { EMAIL_MAX, PHONE_MAX, PROFILE_NAME_MAX } from "@/server/vocabulary/accounts";
import type { Profile } from "@/server/users";

/** Name, email and phone, saved against the version the form was loaded with (CS-P0-01). */
export function ProfileForm({ initial }: { initial: Profile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const profile = useQuery({ ...trpc.account.profile.queryOptions(), initialData: initial });
  const [draft, setDraft] = useState({ name: initial.name, email: initial.email, phone: initial.phone ?? "" });
  const [version, setVersion] = useState(initial.version);
  const save = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.account.profile.queryKey(), saved);
        setVersion(saved.version);
        setDraft({ name: saved.name, email: saved.email, phone: saved.phone ?? "" });
        router.refresh();
      },
    }),
  );
  const error = save.error ? errorInfo(save.error) : null;
  const stale = error?.reason === "stale_version";
  // Field messages show at their fields; the alert is for the rest (changed elsewhere).
  const formError = error && (stale || Object.keys(error.fieldErrors).length === 0) ? error : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ expectedVersion: version, ...draft });
  }

  async function reload() {
    const { data } = await profile.refetch();
    if (!data) return;
    setVersion(data.version);
    setDraft({ name: data.name, email: data.email, phone: data.phone ?? "" });
    save.reset();
  }

  const current = profile.data;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-lg space-y-4" aria-label="Profile">
      {formError && (
        <Alert tone="error" title={stale ? "Changed elsewhere" : undefined}>
          <p>{formError.message}</p>
          {stale && (
            <Button variant="secondary" size="sm" className="mt-2" onClick={reload}>
              Reload my details
            </Button>
          )}
        </Alert>
      )}
      {save.isSuccess && !save.isPending && <Alert tone="success">Your profile is saved.</Alert>}
      {current.pendingEmail && (
        <Alert tone="info">
          We sent a confirmation link to <strong>{current.pendingEmail}</strong>. Your account keeps using {current.email} until you open it.
        </Alert>
      )}
      <TextField id="profile-name" label="Name" autoComplete="name" maxLength={PROFILE_NAME_MAX} value={draft.name} errors={error?.fieldErrors.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      <TextField
        id="profile-email"
        label="Email"
        type="email"
        autoComplete="email"
        maxLength={EMAIL_MAX}
        value={draft.email}
        hint="A new address is used once you confirm it from the link we email to it."
        errors={error?.fieldErrors.email}
        onChange={(e) => setDraft({ ...draft, email: e.target.value })}
      />
      <TextField
        id="profile-phone"
        label="Phone (optional)"
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        maxLength={PHONE_MAX}
        value={draft.phone}
        errors={error?.fieldErrors.phone}
        onChange={(e) => setDraft({ ...draft, phone: e.target.value })}
      />
      <Button type="submit" loading={save.isPending}>
        Save profile
      </Button>
    </form>
  );
}
