"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Where a keyset-paged list is: `cursor` opens the current page (page 1 has none). */
export type KeysetPages<C> = {
  cursor: C | undefined;
  page: number;
  next: (cursor: C) => void;
  previous: () => void;
  reset: () => void;
};

/** Next follows the server's cursor; Previous goes back through the cursors already seen. */
export function useKeysetPages<C>(): KeysetPages<C> {
  const [cursors, setCursors] = useState<C[]>([]);
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length + 1,
    next: (cursor) => setCursors((seen) => [...seen, cursor]),
    previous: () => setCursors((seen) => seen.slice(0, -1)),
    reset: () => setCursors([]),
  };
}

type KeysetPagerProps<C> = {
  /** The accessible name of the page navigation. */
  label: string;
  pages: KeysetPages<C>;
  /** The server's cursor for the page after this one; none on the last page. */
  nextCursor: C | null | undefined;
  /** The rows shown are still the previous page's (placeholder data), so `nextCursor` is theirs. */
  stale?: boolean;
};

/** Previous page / Next page buttons for a list paged by keyset cursors. */
export function KeysetPager<C>({ label, pages, nextCursor, stale = false }: KeysetPagerProps<C>) {
  const next = () => {
    if (nextCursor != null) pages.next(nextCursor);
  };
  return (
    <nav aria-label={label} className="flex gap-2">
      <Button variant="secondary" disabled={pages.page === 1} onClick={pages.previous}>
        Previous page
      </Button>
      <Button variant="secondary" disabled={nextCursor == null || stale} onClick={next}>
        Next page
      </Button>
    </nav>
  );
}
