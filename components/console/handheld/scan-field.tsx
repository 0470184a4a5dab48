"use client";

import { useEffect, type FormEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { FieldHint, Input, Label } from "@/components/ui/input";

/**
 * The handheld kit shared by the pick walk, the pack station and the shipping desk: one scan
 * field per screen (a keyboard-wedge scanner types the code and presses Enter) feeding the scan
 * queue beside this file, with the feedback banner, the progress meter and the scan ids.
 */

/** Scanners send what is printed on the label; people type in lower case and add spaces. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

type ScanFieldProps = {
  id: string;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  /** Called with the trimmed code on every Enter; the field clears at once and keeps focus. */
  onScan: (code: string) => void;
  /** Scans are on their way: only a spinner, the field takes the next scan all the same. */
  busy?: boolean;
  className?: string;
};

/**
 * One auto-focused text field that takes each Enter-terminated code as one scan, never blocked by
 * a request in flight. It is uncontrolled: the code is read from and cleared in the DOM in the
 * Enter's own event, so characters a wedge types right after are never glued to it or lost. Keep
 * one instance mounted across steps (change label and id, not the key): a remount mid-scan cuts
 * the code.
 */
export function ScanField({ id, label, hint, placeholder, onScan, busy = false, className }: ScanFieldProps) {
  useEffect(() => focusField(id), [id]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("scan");
    if (!(input instanceof HTMLInputElement)) return;
    const code = input.value.trim();
    input.value = "";
    if (code) onScan(code);
  }

  return (
    <form onSubmit={submit} noValidate className={cn("space-y-1.5", className)}>
      <Label htmlFor={id} className="text-base">
        {label}
      </Label>
      <div className="flex gap-2">
        <Input
          id={id}
          name="scan"
          defaultValue=""
          placeholder={placeholder}
          autoFocus
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="go"
          data-scan-field=""
          aria-busy={busy || undefined}
          aria-describedby={hint ? `${id}-hint` : undefined}
          className="h-14 font-mono text-xl tracking-wide sm:text-xl"
        />
        <span aria-hidden="true" className="grid w-10 shrink-0 place-items-center">
          {busy && <span className="size-5 animate-spin rounded-full border-2 border-brand-600 border-r-transparent" />}
        </span>
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

/**
 * After a click on a button or link (Print label, Confirm, Put aside…) the cursor goes back to
 * the screen's scan field once the click is done, so the next scan is not an Enter on the link.
 */
export function backToScan() {
  setTimeout(() => {
    const field = document.querySelector("[data-scan-field]");
    if (field instanceof HTMLInputElement) field.focus();
  }, 0);
}
