"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { errorInfo } from "@/components/shop/trpc-error";
import { cn } from "@/components/ui/cn";
import { FieldHint, Input, Label } from "@/components/ui/input";

/**
 * The handheld kit shared by the pick walk and the pack station: one scan field per step (a
 * keyboard-wedge scanner types the code and presses Enter), a loud feedback banner, progress
 * meters and client-made scan ids for idempotent confirmations.
 */

export type FeedbackTone = "ok" | "error" | "warn";
export type Feedback = { tone: FeedbackTone; message: ReactNode; id: number };

/** Scanners send what is printed on the label; people type in lower case and add spaces. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

/** A short buzz on handhelds that can (a wrong scan must be noticed without looking). */
function buzz() {
  if (typeof navigator !== "undefined" && typeof navigator.vibrate === "function") navigator.vibrate([120, 60, 120]);
}

/** The current feedback and how to set it: `fail` turns a tRPC error into the server's message. */
export function useFeedback() {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const seq = useRef(0);
  const say = useCallback((tone: FeedbackTone, message: ReactNode) => {
    seq.current += 1;
    setFeedback({ tone, message, id: seq.current });
    if (tone === "error") buzz();
  }, []);
  const fail = useCallback((error: unknown) => say("error", errorInfo(error).message), [say]);
  const clear = useCallback(() => setFeedback(null), []);
  return { feedback, say, fail, clear };
}

const bannerTones: Record<FeedbackTone, string> = {
  ok: "border-emerald-700 bg-emerald-600 text-white",
  error: "border-red-800 bg-red-600 text-white",
  warn: "border-amber-300 bg-amber-50 text-amber-950",
};

const bannerIcons: Record<FeedbackTone, string> = { ok: "✓", error: "✕", warn: "!" };

/**
 * The big banner after each scan. The wrapper is a live region that is always in the page, so
 * screen readers announce each new message; a wrong scan is also an alert.
 */
export function ScanFeedback({ feedback, className }: { feedback: Feedback | null; className?: string }) {
  return (
    <div aria-live="assertive" aria-atomic="true" className={className}>
      {feedback && (
        <div
          key={feedback.id}
          role={feedback.tone === "error" ? "alert" : "status"}
          className={cn("flex items-start gap-3 rounded-xl border-2 px-4 py-3 text-base font-semibold shadow-sm sm:text-lg", bannerTones[feedback.tone])}
        >
          <span aria-hidden="true" className="mt-0.5 grid size-7 shrink-0 place-items-center rounded-full bg-white/25 text-base leading-none">
            {bannerIcons[feedback.tone]}
          </span>
          <div className="min-w-0 break-words">{feedback.message}</div>
        </div>
      )}
    </div>
  );
}

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

/** A labelled progress bar (done of total). */
export function Meter({ done, total, label, className, tone = "brand" }: { done: number; total: number; label: string; className?: string; tone?: "brand" | "success" }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${total}`}
      className={cn("h-2.5 w-full overflow-hidden rounded-full bg-slate-200", className)}
    >
      <div className={cn("h-full rounded-full transition-[width] duration-300", tone === "success" ? "bg-emerald-500" : "bg-brand-600")} style={{ width: `${pct}%` }} />
    </div>
  );
}

/** A v4 UUID; crypto.randomUUID only exists on https, and handhelds often reach the app over plain http on the LAN. */
export function newScanId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === "function") return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Attempt = { key: string; id: string };

/**
 * The scan id of one confirmation attempt: made once per `key` (the line and what was picked of
 * it so far) and reused when that attempt is retried, so a request whose answer was lost is
 * recorded once. Clear the ref after a success.
 */
export function attemptId(ref: RefObject<Attempt | null>, key: string): string {
  if (ref.current?.key !== key) ref.current = { key, id: newScanId() };
  return ref.current.id;
}
