"use client";

import { useEffect, useState } from "react";
import { focusField } from "@/components/console/handheld/scan-field";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Label } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

/** The QC gate: look the products over, then pass, or fail with what was wrong (failing stops the pack). */
export function QcCheck({ busy, onResult }: { busy: "pass" | "fail" | null; onResult: (result: "pass" | "fail", notes: string) => void }) {
  const [notes, setNotes] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => focusField("qc-notes"), []);

  function fail() {
    if (notes.trim().length < 3) {
      setError("Say what failed the check.");
      focusField("qc-notes");
      return;
    }
    setError(null);
    onResult("fail", notes);
  }

  return (
    <section aria-labelledby="qc-heading" className="space-y-3 rounded-xl border-2 border-amber-300 bg-amber-50 p-4">
      <div>
        <h3 id="qc-heading" className="text-lg font-semibold text-amber-950">
          Quality check
        </h3>
        <p className="text-sm text-amber-900">This order has products that need a check before the box is closed.</p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="qc-notes">QC notes</Label>
        <textarea
          id="qc-notes"
          rows={3}
          value={notes}
          maxLength={500}
          onChange={(e) => setNotes(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "qc-notes-hint qc-notes-error" : "qc-notes-hint"}
          className={cn(
            "block w-full rounded-lg border bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:outline-2 focus:outline-offset-0 sm:text-sm",
            error ? "border-red-500 focus:outline-red-500" : "border-slate-300 focus:border-brand-500 focus:outline-brand-500",
          )}
        />
        <FieldHint id="qc-notes-hint">Optional for a pass; say what was wrong for a fail.</FieldHint>
        <FieldError id="qc-notes-error" messages={error} />
      </div>
      <div className="grid grid-cols-2 gap-2">
        <Button size="lg" loading={busy === "pass"} disabled={busy !== null} onClick={() => onResult("pass", notes)}>
          QC pass
        </Button>
        <Button size="lg" variant="danger" loading={busy === "fail"} disabled={busy !== null} onClick={fail}>
          QC fail
        </Button>
      </div>
    </section>
  );
}
