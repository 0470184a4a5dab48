"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Label, TextField } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ShortPickReason } from "@/server/vocabulary/picking";

/** Reason codes in the order pickers meet them; the Record keeps it in step with the schema. */
const reasonLabels: Record<ShortPickReason, string> = {
  not_found: "Not in the bin",
  insufficient_quantity: "Fewer in the bin than needed",
  damaged: "Damaged",
  wrong_item_in_bin: "Wrong item in the bin",
};
const reasons = Object.keys(reasonLabels) as ShortPickReason[];

export const shortReasonLabel = (reason: string | null) => (reason && reason in reasonLabels ? reasonLabels[reason as ShortPickReason] : reason?.replaceAll("_", " "));

/** Fewer units in the bin than the line needs: how many were found and why. */
export function ShortPickForm({
  remaining,
  sku,
  binCode,
  busy,
  onReport,
  onCancel,
}: {
  remaining: number;
  sku: string;
  binCode: string;
  busy: boolean;
  onReport: (found: number, reason: ShortPickReason) => void;
  onCancel: () => void;
}) {
  const [found, setFound] = useState("0");
  const [reason, setReason] = useState<ShortPickReason>("not_found");
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const n = Number(found);
    if (found.trim() === "" || !Number.isInteger(n) || n < 0 || n >= remaining) {
      setError(remaining === 1 ? "A short pick of the last unit means 0 found." : `Enter how many you found: 0 to ${remaining - 1}.`);
      return;
    }
    setError(null);
    onReport(n, reason);
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="short-pick-heading" className="space-y-4 rounded-xl border-2 border-amber-300 bg-amber-50 p-4">
      <div>
        <h3 id="short-pick-heading" className="text-lg font-semibold text-amber-950">
          Short pick
        </h3>
        <p className="text-sm text-amber-900">
          {remaining} × {sku} needed from bin {binCode}. The order is flagged for your manager.
        </p>
      </div>
      <TextField
        id="short-found"
        label="Units found"
        type="number"
        inputMode="numeric"
        min={0}
        max={Math.max(0, remaining - 1)}
        step={1}
        value={found}
        onChange={(e) => setFound(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        errors={error}
        autoFocus
        className="h-12 text-lg"
      />
      <div className="space-y-1.5">
        <Label htmlFor="short-reason">Reason</Label>
        <Select id="short-reason" value={reason} onChange={(e) => setReason(e.target.value as ShortPickReason)} className="h-12">
          {reasons.map((r) => (
            <option key={r} value={r}>
              {reasonLabels[r]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" size="lg" loading={busy} className="flex-1">
          Report short pick
        </Button>
        <Button variant="secondary" size="lg" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
