"use client";

import { useCallback, useRef, useState, type ReactNode } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { cn } from "@/components/ui/cn";
import { signal } from "./sound";

export type FeedbackTone = "ok" | "error" | "warn";
export type Feedback = { tone: FeedbackTone; message: ReactNode; id: number };

/**
 * The current feedback and how to set it: `fail` turns a tRPC error into the server's message.
 * Each message also sounds and buzzes by its tone (a wrong scan must be noticed without looking).
 */
export function useFeedback() {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const seq = useRef(0);
  const say = useCallback((tone: FeedbackTone, message: ReactNode) => {
    seq.current += 1;
    setFeedback({ tone, message, id: seq.current });
    signal(tone);
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
