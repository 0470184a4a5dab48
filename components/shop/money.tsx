import { formatMoney } from "@/server/vocabulary/money";

/** An amount as the customer sees it ("$1,234.50"); amounts stay decimal strings until here. */
export function Money({ value, currency, negative = false, className }: { value: string; currency: string; negative?: boolean; className?: string }) {
  return (
    <span className={className ?? "tabular-nums"}>
      {negative ? "−" : ""}
      {formatMoney(value, currency)}
    </span>
  );
}

/** True when a decimal string is exactly zero ("0", "0.0000"), without turning it into a float. */
export function isZeroAmount(value: string): boolean {
  return /^-?0*(\.0*)?$/.test(value.trim());
}
