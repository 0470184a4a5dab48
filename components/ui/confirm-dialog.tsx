"use client";

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

export type ConfirmRequest = {
  /** The question, e.g. "Cancel picklist P10001?". */
  title: string;
  /** What will happen, with the figures: "Cancel 2 × KIT-SKILLET and refund $41.50 to the customer's card." */
  consequence: ReactNode;
  /** Names the action: "Cancel and refund $41.50", never "OK". */
  confirmLabel: string;
  /** What the way out says; "Go back" unless it reads better otherwise. */
  dismissLabel?: string;
  onConfirm: () => void;
};

/**
 * Asks before an irreversible action. Returns `confirm(request)` and the dialog element to render
 * once. A native modal `<dialog>` (showModal): the page behind is inert, so focus stays inside;
 * Escape or the way-out button closes it with nothing done; focus starts on the way out and goes
 * back to the control that opened it.
 */
export function useConfirm(): { confirm: (request: ConfirmRequest) => void; dialog: ReactNode } {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const id = useId();

  const confirm = useCallback((next: ConfirmRequest) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setRequest(next);
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (request && dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLButtonElement>("[data-way-out]")?.focus();
    }
  }, [request]);

  const closed = () => {
    setRequest(null);
    opener.current?.focus();
    opener.current = null;
  };

  const dialog = (
    <dialog
      ref={ref}
      onClose={closed}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-consequence`}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      {request && (
        <div className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {request.title}
          </h2>
          <div id={`${id}-consequence`} className="space-y-2 text-sm text-slate-700">
            <p>{request.consequence}</p>
            <p className="font-medium text-slate-900">This cannot be undone.</p>
          </div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button data-way-out variant="secondary" onClick={() => ref.current?.close()}>
              {request.dismissLabel ?? "Go back"}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                const act = request.onConfirm;
                ref.current?.close();
                act();
              }}
            >
              {request.confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
  return { confirm, dialog };
}
