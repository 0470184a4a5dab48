import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AddToCart } from "@/components/shop/add-to-cart";
import { Availability } from "@/components/shop/availability";
import { Money } from "@/components/shop/money";
import { categoryLabel, ProductPicture } from "@/components/shop/product-card";
import { ProductReviews } from "@/components/shop/product-reviews";
import { ReviewForm } from "@/components/shop/review-form";
import { Alert } from "@/components/ui/alert";
import { db } from "@/db/client";
import { currentUser } from "@/server/auth";
import { MAX_QUANTITY_PER_LINE } from "@/server/cart";
import { productBySku, type ProductCard } from "@/server/catalog";
import { isDomainError } from "@/server/lib/errors";
import { productReviews, reviewEligibility } from "@/server/reviews";
import { reviewRefusalMessages } from "@/server/vocabulary/reviews";

export const dynamic = "force-dynamic";

type Params = Promise<{ sku: string }>;

/** The product, or null for an unknown SKU (cached so metadata and page share one lookup). */
const loadProduct = cache(async (sku: string): Promise<ProductCard | null> => {
  if (sku.length > 64) return null;
  try {
    return await productBySku(db(), sku);
  } catch (error) {
    if (isDomainError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await loadProduct((await params).sku);
  return { title: product?.name ?? "Product not found" };
}

function formatWeight(grams: number): string {
  if (grams >= 1000) return `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(grams / 1000)} kg`;
  return `${grams} g`;
}

export default async function ProductPage({ params }: { params: Params }) {
  const product = await loadProduct((await params).sku);
  if (!product) notFound();
  const max = product.price ? Math.min(product.available, MAX_QUANTITY_PER_LINE) : 0;
  const user = await currentUser();
  const [reviews, eligibility] = await Promise.all([
    productReviews(db(), product.id),
    user?.role === "customer" ? reviewEligibility(db(), user.id, product.id) : null,
  ]);

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <nav aria-label="Breadcrumb" className="mb-6 text-sm text-slate-500">
        <Link href="/products" className="hover:text-slate-900 hover:underline">
          Products
        </Link>
        <span aria-hidden="true"> / </span>
        <span>{categoryLabel(product.category)}</span>
      </nav>
      <div className="grid gap-8 md:grid-cols-2 md:gap-12">
        <ProductPicture
          product={product}
          className="aspect-[4/3] rounded-2xl"
          letterClassName="text-7xl text-brand-600/30"
          sizes="(min-width: 1152px) 540px, (min-width: 768px) 50vw, 100vw"
          preload
        />
        <div className="space-y-5">
          <div>
            <p className="text-sm font-medium uppercase tracking-wide text-slate-500">{categoryLabel(product.category)}</p>
            <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{product.name}</h1>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <p className="text-2xl font-semibold text-slate-900">
              {product.price ? <Money value={product.price} currency={product.currency} /> : "Not for sale right now"}
            </p>
            <Availability available={product.available} />
          </div>
          <p className="leading-7 text-slate-700">{product.description}</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
            <dt className="text-slate-500">Weight</dt>
            <dd className="text-slate-900">{formatWeight(product.weightGrams)}</dd>
            <dt className="text-slate-500">SKU</dt>
            <dd className="font-mono text-slate-900">{product.sku}</dd>
          </dl>
          <div className="border-t border-slate-200 pt-5">
            <AddToCart sku={product.sku} max={max} />
          </div>
        </div>
      </div>
      <ProductReviews productId={product.id} data={reviews}>
        {eligibility &&
          (eligibility.eligible ? <ReviewForm productId={product.id} /> : <Alert tone="info">{reviewRefusalMessages[eligibility.reason]}</Alert>)}
      </ProductReviews>
    </div>
  );
}
