"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/**
 * The filters being typed (`draft`) and the ones the list shows (`applied`). `onApply` runs on
 * every apply, e.g. to go back to page 1.
 */
export function useFilters<T extends Record<string, string>>(initial: T, empty: T, onApply?: () => void) {
  const [draft, setDraft] = useState<T>(initial);
  const [applied, setApplied] = useState<T>(initial);
  const apply = (next: T = draft) => {
    setDraft(next);
    setApplied(next);
    onApply?.();
  };
  const edit = (key: keyof T) => (value: string) => setDraft({ ...draft, [key]: value });
  return { draft, applied, edit, apply, clear: () => apply(empty) };
}

type FilterFormProps = {
  /** The accessible name of the search landmark. */
  label: string;
  onSubmit: () => void;
  /** The grid's columns at each breakpoint. */
  className: string;
  children: ReactNode;
};

/** A filter form in a card: a search landmark whose fields sit in a grid. */
export function FilterForm({ label, onSubmit, className, children }: FilterFormProps) {
  return (
    <Card>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        role="search"
        aria-label={label}
        className={cn("grid gap-3", className)}
      >
        {children}
      </form>
    </Card>
  );
}

type FilterActionsProps = {
  submitLabel: string;
  clearLabel: string;
  onClear: () => void;
  loading?: boolean;
  /** Classes of the wrapper: its place in the form's grid. */
  className?: string;
};

/** The submit and clear buttons of a filter form. */
export function FilterActions({ submitLabel, clearLabel, onClear, loading, className }: FilterActionsProps) {
  return (
    <div className={cn("flex gap-2", className)}>
      <Button type="submit" loading={loading}>
        {submitLabel}
      </Button>
      <Button variant="ghost" onClick={onClear}>
        {clearLabel}
      </Button>
    </div>
  );
}
