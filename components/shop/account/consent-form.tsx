"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorInfo } from "@/components/ui/trpc-error";
import { consentSourceLabels, newsletterFrequencies, type ConsentChoices } from "@/server/vocabulary/accounts";
import type { ConsentState } from "@/server/users";

const yesNo = (v: boolean) => (v ? "Yes" : "No");

/** Marketing consent and preferences, and every earlier version of them (CS-P1-03). */
export function ConsentForm({ initial }: { initial: ConsentState }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery({ ...trpc.consents.get.queryOptions(), initialData: initial });
  const { version: loadedVersion, ...loaded } = initial.current;
  const [draft, setDraft] = useState<ConsentChoices>(loaded);
  const [version, setVersion] = useState(loadedVersion);
  const save = useMutation(
    trpc.consents.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.consents.get.queryKey(), next);
        setVersion(next.current.version);
      },
    }),
  );
  const error = save.error ? errorInfo(save.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ expectedVersion: version, choices: draft });
  }

  async function reload() {
    const { data } = await state.refetch();
    if (!data) return;
    const { version: v, ...choices } = data.current;
    setDraft(choices);
    setVersion(v);
    save.reset();
  }

  return (
    <div className="space-y-8">
      <form onSubmit={onSubmit} className="max-w-lg space-y-4" aria-label="Marketing preferences">
        {error && (
          <Alert tone="error">
            <p>{error.message}</p>
            {error.reason === "stale_version" && (
              <Button variant="secondary" size="sm" className="mt-2" onClick={reload}>
                Reload my preferences
              </Button>
            )}
          </Alert>
        )}
        {save.isSuccess && <Alert tone="success">Your preferences are saved.</Alert>}
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={draft.marketingEmail} onChange={(e) => setDraft({ ...draft, marketingEmail: e.target.checked })} />
          Send me offers and news by email
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={draft.marketingSms} onChange={(e) => setDraft({ ...draft, marketingSms: e.target.checked })} />
          Send me offers by text message
        </label>
        <div className="w-48 space-y-1.5">
          <Label htmlFor="newsletter-frequency">Newsletter frequency</Label>
          <Select id="newsletter-frequency" value={draft.newsletterFrequency} onChange={(e) => setDraft({ ...draft, newsletterFrequency: e.target.value as ConsentChoices["newsletterFrequency"] })}>
            {newsletterFrequencies.map((f) => (
              <option key={f} value={f}>
                {f === "weekly" ? "Weekly" : "Monthly"}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" loading={save.isPending}>
          Save preferences
        </Button>
      </form>
      <section aria-labelledby="consent-history">
        <h2 id="consent-history" className="mb-3 text-lg font-semibold text-slate-900">
          History of your choices
        </h2>
        {state.data.history.length === 0 ? (
          <p className="text-sm text-slate-600">You haven&apos;t made a choice yet: we send you no marketing.</p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className="px-3 py-2 font-medium">Version</th>
                  <th className="px-3 py-2 font-medium">When</th>
                  <th className="px-3 py-2 font-medium">Email</th>
                  <th className="px-3 py-2 font-medium">Text messages</th>
                  <th className="px-3 py-2 font-medium">Frequency</th>
                  <th className="px-3 py-2 font-medium">Changed by</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {state.data.history.map((v) => (
                  <tr key={v.version}>
                    <td className="px-3 py-2 tabular-nums">{v.version}</td>
                    <td className="px-3 py-2">
                      <DateTime value={v.createdAt} />
                    </td>
                    <td className="px-3 py-2">{yesNo(v.marketingEmail)}</td>
                    <td className="px-3 py-2">{yesNo(v.marketingSms)}</td>
                    <td className="px-3 py-2">{v.newsletterFrequency === "weekly" ? "Weekly" : "Monthly"}</td>
                    <td className="px-3 py-2">
                      {v.actorRole === "customer" ? "You" : "Depot staff"} · {consentSourceLabels[v.source]}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
