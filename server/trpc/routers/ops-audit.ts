import { z } from "zod";
import { db } from "@/db/client";
import { searchAudit } from "@/server/audit";
import { dateInput } from "@/server/lib/db-values";
import { opsProcedure, router } from "../init";

/** The audit log of operator actions, searchable. */
export const opsAuditRouter = router({
  search: opsProcedure
    .input(
      z
        .object({
          q: z.string().trim().max(200, "Search with at most 200 characters").optional(),
          actorEmail: z.string().trim().max(254, "An email address is at most 254 characters").optional(),
          action: z.string().trim().max(64, "An action is at most 64 characters").optional(),
          orderNumber: z.string().trim().max(32, "An order number is at most 32 characters").optional(),
          from: dateInput("Give the start as a date").optional(),
          to: dateInput("Give the end as a date").optional(),
          cursor: z.string().max(200, "That page link is not valid").optional(),
          limit: z.number().int().min(1).max(200, "Show at most 200 at a time").default(50),
        })
        .refine((s) => !s.from || !s.to || s.from < s.to, { message: "The start must be before the end", path: ["to"] }),
    )
    .query(({ input }) =>
      searchAudit(db(), {
        ...input,
        q: input.q || undefined,
        actorEmail: input.actorEmail || undefined,
        action: input.action || undefined,
        orderNumber: input.orderNumber || undefined,
      }),
    ),
});
