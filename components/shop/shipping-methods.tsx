"use client";

import { FieldError } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { formatMoney } from "@/server/vocabulary/money";
import { shippingMethods, type ShippingMethod } from "@/server/checkout/shared";

const methods = Object.entries(shippingMethods) as [ShippingMethod, (typeof shippingMethods)[ShippingMethod]][];

export function ShippingMethods({
  value,
  onChange,
  currency,
  errors,
}: {
  value: ShippingMethod;
  onChange: (method: ShippingMethod) => void;
  currency: string;
  errors?: string[];
}) {
  return (
    <fieldset aria-describedby={errors ? "shipping-method-error" : undefined}>
      <legend className="mb-4 text-lg font-semibold text-slate-900">Shipping method</legend>
      <div className="space-y-2">
        {methods.map(([key, m]) => (
          <label
            key={key}
            className={cn(
              "flex cursor-pointer items-center gap-3 rounded-lg border px-4 py-3 text-sm transition-colors",
              value === key ? "border-brand-500 bg-brand-50 ring-1 ring-brand-500" : "border-slate-300 bg-white hover:bg-slate-50",
            )}
          >
            <input
              type="radio"
              name="shippingMethod"
              value={key}
              checked={value === key}
              onChange={() => onChange(key)}
              className="size-4 accent-brand-600"
            />
            <span className="flex-1 font-medium text-slate-900">{m.label}</span>
            <span className="text-right text-slate-600">
              {formatMoney(m.price, currency)}
              {m.freeFrom && <span className="block text-xs text-emerald-700">Free from {formatMoney(m.freeFrom, currency)}</span>}
            </span>
          </label>
        ))}
      </div>
      <FieldError id="shipping-method-error" messages={errors} />
    </fieldset>
  );
}
