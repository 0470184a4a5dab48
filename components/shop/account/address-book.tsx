"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { AddressFields, emptyAddress, type AddressDraft } from "@/components/shop/address-fields";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorInfo } from "@/components/ui/trpc-error";
import type { SavedAddress } from "@/server/users";

const toDraft = ({ name, line1, line2 = "", city, region, postalCode, phone = "" }: SavedAddress["address"]): AddressDraft => ({ name, line1, line2, city, region, postalCode, phone });

/** The customer's saved addresses: add, edit, delete, choose the default that prefills checkout. */
export function AddressBook({ initial, customerName }: { initial: SavedAddress[]; customerName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.addresses.list.queryOptions(), initialData: initial });
  const [editing, setEditing] = useState<{ id?: string; draft: AddressDraft; makeDefault: boolean } | null>(null);
  const onSuccess = (next: SavedAddress[]) => queryClient.setQueryData(trpc.addresses.list.queryKey(), next);
  const save = useMutation(trpc.addresses.save.mutationOptions({ onSuccess: (next) => (onSuccess(next), setEditing(null)) }));
  const setDefault = useMutation(trpc.addresses.setDefault.mutationOptions({ onSuccess }));
  const remove = useMutation(trpc.addresses.remove.mutationOptions({ onSuccess }));
  const failed = [setDefault.error, remove.error].find(Boolean);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!editing) return;
    save.mutate({ id: editing.id, address: { ...editing.draft, country: "US" }, makeDefault: editing.makeDefault });
  }

  return (
    <div className="space-y-4">
      {failed && <Alert tone="error">{errorInfo(failed).message}</Alert>}
      {list.data.length === 0 && !editing && <p className="text-sm text-slate-600">You have no saved addresses yet.</p>}
      <ul className="grid gap-3 sm:grid-cols-2">
        {list.data.map((a) => (
          <li key={a.id}>
            <Card className="space-y-2" aria-label={`Address ${a.address.line1}`}>
              {a.isDefault && <Badge tone="success">Default shipping address</Badge>}
              <address className="text-sm not-italic text-slate-800">
                {a.address.name}
                <br />
                {a.address.line1}
                {a.address.line2 && (
                  <>
                    <br />
                    {a.address.line2}
                  </>
                )}
                <br />
                {a.address.city}, {a.address.region} {a.address.postalCode}
                {a.address.phone && (
                  <>
                    <br />
                    {a.address.phone}
                  </>
                )}
              </address>
              <div className="flex flex-wrap gap-2">
                <Button variant="secondary" size="sm" onClick={() => setEditing({ id: a.id, draft: toDraft(a.address), makeDefault: a.isDefault })}>
                  Edit
                </Button>
                {!a.isDefault && (
                  <Button variant="secondary" size="sm" loading={setDefault.isPending && setDefault.variables?.id === a.id} onClick={() => setDefault.mutate({ id: a.id })}>
                    Make default
                  </Button>
                )}
                <Button variant="ghost" size="sm" loading={remove.isPending && remove.variables?.id === a.id} onClick={() => remove.mutate({ id: a.id })}>
                  Delete
                </Button>
              </div>
            </Card>
          </li>
        ))}
      </ul>
      {editing ? (
        <Card>
          <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={editing.id ? "Edit address" : "New address"}>
            <h2 className="text-lg font-semibold text-slate-900">{editing.id ? "Edit address" : "New address"}</h2>
            {save.error && Object.keys(errorInfo(save.error).fieldErrors).length === 0 && <Alert tone="error">{errorInfo(save.error).message}</Alert>}
            <AddressFields
              value={editing.draft}
              errors={save.error ? errorInfo(save.error).fieldErrors : {}}
              onChange={(field, value) => setEditing({ ...editing, draft: { ...editing.draft, [field]: value } })}
            />
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" checked={editing.makeDefault} onChange={(e) => setEditing({ ...editing, makeDefault: e.target.checked })} />
              Use as my default shipping address
            </label>
            <div className="flex gap-2">
              <Button type="submit" loading={save.isPending}>
                Save address
              </Button>
              <Button variant="ghost" onClick={() => (setEditing(null), save.reset())}>
                Cancel
              </Button>
            </div>
          </form>
        </Card>
      ) : (
        <Button onClick={() => setEditing({ draft: { ...emptyAddress, name: customerName }, makeDefault: list.data.length === 0 })}>Add an address</Button>
      )}
    </div>
  );
}
