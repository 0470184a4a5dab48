import { isZeroAmount, Money } from "./money";

export type TotalsValues = { subtotal: string; discount: string; shipping: string; tax: string; total: string };

function Row({ label, children, strong = false }: { label: string; children: React.ReactNode; strong?: boolean }) {
  return (
    <div className={strong ? "flex justify-between gap-4 border-t border-slate-200 pt-3 text-base font-semibold text-slate-900" : "flex justify-between gap-4 text-slate-600"}>
      <dt>{label}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}

/** Subtotal, discount, shipping, tax and total, as the server computed them; refunds and the net paid once there are any. */
export function Totals({
  totals,
  currency,
  codes,
  taxNote,
  refunds,
}: {
  totals: TotalsValues;
  currency: string;
  codes?: readonly string[];
  /** Shown instead of the tax amount while it can't be computed yet. */
  taxNote?: string;
  /** What was refunded (tax and discount shares included) and the total less it. */
  refunds?: { refunded: string; netPaid: string };
}) {
  const discountLabel = codes && codes.length > 0 ? `Discount (${codes.join(", ")})` : "Discount";
  return (
    <dl className="space-y-2 text-sm">
      <Row label="Subtotal">
        <Money value={totals.subtotal} currency={currency} />
      </Row>
      {!isZeroAmount(totals.discount) && (
        <div className="flex justify-between gap-4 font-medium text-emerald-700" data-testid="discount">
          <dt>{discountLabel}</dt>
          <dd className="tabular-nums">
            <Money value={totals.discount} currency={currency} negative />
          </dd>
        </div>
      )}
      <Row label="Shipping">{isZeroAmount(totals.shipping) ? "Free" : <Money value={totals.shipping} currency={currency} />}</Row>
      <Row label="Tax">{taxNote ?? <Money value={totals.tax} currency={currency} />}</Row>
      <Row label="Total" strong>
        <Money value={totals.total} currency={currency} />
      </Row>
      {refunds && !isZeroAmount(refunds.refunded) && (
        <>
          <div className="flex justify-between gap-4 font-medium text-amber-700" data-testid="refunded">
            <dt>Refunded</dt>
            <dd className="tabular-nums">
              <Money value={refunds.refunded} currency={currency} negative />
            </dd>
          </div>
          <Row label="Net paid" strong>
            <span data-testid="net-paid">
              <Money value={refunds.netPaid} currency={currency} />
            </span>
          </Row>
        </>
      )}
    </dl>
  );
}
