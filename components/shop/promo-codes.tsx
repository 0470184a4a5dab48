"use client";

import { useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";

/**
 * Promotion code input with "Apply" and the applied codes as removable chips. `onApply`
 * resolves to an error message (the code is then not applied) or null.
 */
export function PromoCodes({
  codes,
  error,
  applying,
  onApply,
  onRemove,
}: {
  codes: readonly string[];
  error: string | null;
  applying: boolean;
  onApply: (code: string) => Promise<boolean>;
  onRemove: (code: string) => void;
}) {
  const [draft, setDraft] = useState("");

  async function apply() {
    if (await onApply(draft)) setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter applies the code rather than placing the order.
    if (event.key === "Enter") {
      event.preventDefault();
      void apply();
    }
  }

  return (
    <div className="space-y-2">
      <Label htmlFor="promo-code">Promotion code</Label>
      <div className="flex gap-2">
        <Input
          id="promo-code"
          name="promo-code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          invalid={error !== null}
          aria-describedby={error ? "promo-code-error" : undefined}
          className="uppercase placeholder:normal-case"
          placeholder="e.g. WELCOME10"
          maxLength={40}
        />
        <Button type="button" variant="secondary" loading={applying} onClick={() => void apply()} className="h-11">
          Apply
        </Button>
      </div>
      <div aria-live="polite">
        <FieldError id="promo-code-error" messages={error} />
      </div>
      {codes.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="Applied codes">
          {codes.map((code) => (
            <li key={code} className="inline-flex items-center gap-1 rounded-full bg-emerald-50 py-1 pr-1 pl-3 text-xs font-semibold text-emerald-800 ring-1 ring-emerald-200">
              {code}
              <button
                type="button"
                onClick={() => onRemove(code)}
                className="grid size-5 place-items-center rounded-full text-emerald-700 hover:bg-emerald-100 focus-visible:outline-2 focus-visible:outline-emerald-600"
                aria-label={`Remove code ${code}`}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
