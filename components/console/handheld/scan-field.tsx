"use client";

import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { FieldHint, Input, Label } from "@/components/ui/input";

/**
 * The handheld kit shared by the pick walk, the pack station and the shipping desk: one scan
 * field per step (a keyboard-wedge scanner types the code and presses Enter). The feedback
 * banner, the progress meter and the scan ids are beside this file.
 */

/** Scanners send what is printed on the label; people type in lower case and add spaces. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

type ScanFieldProps = {
  id: string;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  /** Called with the trimmed code when Enter is pressed; the field clears and keeps focus. */
  onScan: (code: string) => void;
  /** A request is running: further Enters are ignored, but the field stays focused (never disabled). */
  busy?: boolean;
  className?: string;
};

/** One auto-focused text field that submits on Enter: what a keyboard-wedge scanner needs. */
export function ScanField({ id, label, hint, placeholder, onScan, busy = false, className }: ScanFieldProps) {
  const [value, setValue] = useState("");
  useEffect(() => focusField(id), [id]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = value.trim();
    if (!code || busy) return;
    setValue("");
    onScan(code);
    focusField(id);
  }

  return (
    <form onSubmit={submit} noValidate className={cn("space-y-1.5", className)}>
      <Label htmlFor={id} className="text-base">
        {label}
      </Label>
      <div className="flex gap-2">
        <Input
          id={id}
          name={id}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={placeholder}
          autoFocus
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="go"
          aria-busy={busy || undefined}
          aria-describedby={hint ? `${id}-hint` : undefined}
          className="h-14 font-mono text-xl tracking-wide sm:text-xl"
        />
        {busy && (
          <span aria-hidden="true" className="grid w-10 shrink-0 place-items-center">
            <span className="size-5 animate-spin rounded-full border-2 border-brand-600 border-r-transparent" />
          </span>
        )}
      </div>
      {hint && <FieldHint id={`${id}-hint`}>{hint}</FieldHint>}
    </form>
  );
}

/** Puts the cursor back in a field (by id: the UI Input takes no ref) so the next scan lands there. */
export function focusField(id: string) {
  const el = typeof document === "undefined" ? null : document.getElementById(id);
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) el.focus();
}
