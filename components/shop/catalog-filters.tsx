import { categoryLabel } from "@/components/shop/product-card";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { CATALOG_SORT_LABELS, CATALOG_SORTS, type CatalogSort } from "@/server/vocabulary/catalog";

export type CatalogFilterValues = { query?: string; category?: string; sort?: CatalogSort; inStock: boolean };

/** The product list's search and filters as a GET form, so a filtered list is a link. */
export function CatalogFilters({ values, categories }: { values: CatalogFilterValues; categories: string[] }) {
  return (
    <form action="/products" method="get" role="search" aria-label="Products" className="mt-6 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto_auto] lg:items-end">
      <div>
        <Label htmlFor="product-search">Search products</Label>
        <Input id="product-search" name="q" type="search" defaultValue={values.query} placeholder="Search products" maxLength={100} />
      </div>
      <div>
        <Label htmlFor="product-category">Category</Label>
        <Select id="product-category" name="category" defaultValue={values.category ?? ""}>
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="product-sort">Sort by</Label>
        <Select id="product-sort" name="sort" defaultValue={values.sort ?? ""}>
          <option value="">{values.query ? CATALOG_SORT_LABELS.relevance : CATALOG_SORT_LABELS.name}</option>
          {CATALOG_SORTS.filter((s) => s !== "relevance").map((s) => (
            <option key={s} value={s}>
              {CATALOG_SORT_LABELS[s]}
            </option>
          ))}
        </Select>
      </div>
      <label htmlFor="product-in-stock" className="flex h-11 items-center gap-2 text-sm text-slate-800">
        <input id="product-in-stock" name="instock" type="checkbox" value="1" defaultChecked={values.inStock} className="size-4 rounded border-slate-300" />
        In stock only
      </label>
      <Button type="submit">Search</Button>
    </form>
  );
}

/** The list's filters as URL search params (page aside), the inverse of what the products page reads. */
export function catalogSearchParams(values: CatalogFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (values.query) params.set("q", values.query);
  if (values.category) params.set("category", values.category);
  if (values.sort) params.set("sort", values.sort);
  if (values.inStock) params.set("instock", "1");
  return params;
}
