import "./zod-jitless";
import { z } from "zod";

/** How the storefront product list can be ordered; "relevance" only means something with a search. */
export const CATALOG_SORTS = ["relevance", "price-asc", "price-desc", "newest", "name"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export const CATALOG_SORT_LABELS: Record<CatalogSort, string> = {
  relevance: "Best match",
  "price-asc": "Price: low to high",
  "price-desc": "Price: high to low",
  newest: "Newest",
  name: "Name",
};

export const CATALOG_PAGE_SIZE_MAX = 48;

/** The product list's filters: the tRPC input and, from URL search params, the products page. */
export const catalogListInput = z.object({
  query: z.string().trim().max(100, "Search for at most 100 characters").optional(),
  category: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,40}$/, "A category is a word of up to 40 letters, digits or dashes")
    .optional(),
  sort: z.enum(CATALOG_SORTS, { error: `Sort by one of: ${CATALOG_SORTS.join(", ")}` }).optional(),
  inStock: z.boolean().default(false),
  page: z.number().int().min(1).max(1000).default(1),
  pageSize: z.number().int().min(1).max(CATALOG_PAGE_SIZE_MAX).default(12),
});
export type CatalogListInput = z.output<typeof catalogListInput>;
