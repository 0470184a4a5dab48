import Image from "next/image";
import Link from "next/link";
import type { ProductCard as Product } from "@/server/catalog";
import { Availability } from "./availability";
import { Money } from "./money";

const categoryLabels: Record<string, string> = {
  apparel: "Apparel",
  footwear: "Footwear",
  kitchen: "Kitchen",
  electronics: "Electronics",
  outdoor: "Outdoor",
  home: "Home",
  beauty: "Beauty",
  toys: "Toys",
};

export function categoryLabel(category: string): string {
  return categoryLabels[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}

/**
 * The product's picture, resized by Next's image optimisation, filling a box of the given
 * classes; a product without one gets the initial-letter tile. Decorative: the name is beside it.
 */
export function ProductPicture({ product, className, letterClassName, sizes, preload }: {
  product: Pick<Product, "name" | "imageUrl">;
  className: string;
  letterClassName: string;
  sizes: string;
  preload?: boolean;
}) {
  if (!product.imageUrl) {
    return (
      <div aria-hidden="true" className={`${className} grid place-items-center bg-linear-to-br from-brand-50 to-slate-100 font-bold ${letterClassName}`}>
        {product.name.charAt(0)}
      </div>
    );
  }
  return (
    <div className={`${className} relative overflow-hidden bg-slate-100`}>
      <Image src={product.imageUrl} alt="" fill sizes={sizes} preload={preload} className="object-cover" />
    </div>
  );
}

/** A product tile: the whole card is one link to the product page. */
export function ProductCard({ product }: { product: Product }) {
  return (
    <li className="group relative flex flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition hover:border-brand-500 hover:shadow-md focus-within:ring-2 focus-within:ring-brand-500">
      <ProductPicture
        product={product}
        className="mb-4 aspect-[4/3] rounded-lg"
        letterClassName="text-3xl text-brand-600/40"
        sizes="(min-width: 1024px) 270px, (min-width: 768px) 33vw, (min-width: 420px) 50vw, 100vw"
      />
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{categoryLabel(product.category)}</p>
      <h3 className="mt-1 font-semibold leading-snug text-slate-900">
        <Link href={`/products/${encodeURIComponent(product.sku)}`} className="outline-none after:absolute after:inset-0">
          {product.name}
        </Link>
      </h3>
      <div className="mt-auto flex items-center justify-between gap-2 pt-3">
        <span className="font-semibold text-slate-900">
          {product.price ? <Money value={product.price} currency={product.currency} /> : <span className="text-sm text-slate-500">Not for sale</span>}
        </span>
        <Availability available={product.available} />
      </div>
    </li>
  );
}
