import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A column header of a console table; the text style comes from its <thead>. */
export function Th({ numeric = false, className, children }: { numeric?: boolean; className?: string; children: ReactNode }) {
  return (
    <th scope="col" className={cn("px-4 py-2", numeric && "text-right", className)}>
      {children}
    </th>
  );
}
