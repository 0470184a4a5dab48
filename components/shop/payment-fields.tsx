"use client";

import dynamic from "next/dynamic";
import { cn } from "@/components/ui/cn";
import { FieldError, Input, Label } from "@/components/ui/input";
import { checkCard, parseExpiry } from "@/server/payments/shared";
import type { StripeCardPayment } from "./stripe-card-field";

// Stripe.js and React Stripe load only on the Stripe path, never with the sandbox form.
const StripeCardField = dynamic(() => import("./stripe-card-field").then((m) => m.StripeCardField), {
  ssr: false,
  loading: () => <LoadingCardForm />,
});

function LoadingCardForm() {
  return (
    <p role="status" className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
      Loading the secure card form…
    </p>
  );
}

/** With a Stripe publishable key: what the Payment Element needs, and where it reports ready. */
export type StripeCardSettings = {
  publishableKey: string;
  /** The quoted total (decimal string) and its currency; null until the first quote. */
  total: string | null;
  currency: string;
  onReady: (payment: StripeCardPayment | null) => void;
};

export type PaymentChoice = "card" | "cod";

/** The sandbox card form's card as typed: number, expiry "MM / YY", security code. */
export type SandboxCard = { number: string; expiry: string; cvc: string };
export const emptySandboxCard: SandboxCard = { number: "", expiry: "", cvc: "" };

/**
 * The sandbox card checked in the browser exactly as the payment sandbox checks it (number,
 * Luhn, brand, expiry not past, security code), so a mistyped card is caught before anything
 * is sent; the server checks again. Null when it is good, else the message for beside the field.
 */
export function sandboxCardProblem(card: SandboxCard): { message: string; field: "card" | "card-expiry" | "card-cvc" } | null {
  if (card.number.trim() === "") return { message: "Enter your card number.", field: "card" };
  if (card.expiry.trim() === "") return { message: "Enter the card's expiry date (MM / YY).", field: "card-expiry" };
  if (card.cvc.trim() === "") return { message: "Enter the card's security code.", field: "card-cvc" };
  const checked = checkCard({ number: card.number, cvc: card.cvc, ...parseExpiry(card.expiry) });
  if (checked.ok) return null;
  return { message: checked.message, field: checked.field === "number" ? "card" : checked.field === "expiry" ? "card-expiry" : "card-cvc" };
}

/** The card as checkout.cardPaymentMethod takes it. */
export function sandboxCardDetails(card: SandboxCard) {
  return { number: card.number, cvc: card.cvc, ...parseExpiry(card.expiry) };
}

const choices: { value: PaymentChoice; label: string; hint: string }[] = [
  { value: "card", label: "Card", hint: "Authorized now, charged once your order is confirmed." },
  { value: "cod", label: "Cash on delivery", hint: "Pay the courier when your order arrives." },
];

/** The checkout's payment step: card or cash on delivery, and the card when paying by card. */
export function PaymentFields({
  method,
  onMethodChange,
  card,
  onCardChange,
  methodErrors,
  cardErrors,
  disabled = false,
  stripe,
}: {
  method: PaymentChoice;
  onMethodChange: (method: PaymentChoice) => void;
  card: SandboxCard;
  onCardChange: (card: SandboxCard) => void;
  methodErrors?: string[];
  cardErrors?: string[];
  /** The order is placed: its payment method can't change any more. */
  disabled?: boolean;
  /** Set when a Stripe publishable key is configured: the Payment Element replaces the sandbox form. */
  stripe?: StripeCardSettings;
}) {
  return (
    <div className="space-y-5">
      <fieldset aria-describedby={methodErrors ? "payment-method-error" : undefined}>
        <legend className="mb-4 text-lg font-semibold text-slate-900">Payment</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {choices.map((c) => (
            <div
              key={c.value}
              className={cn(
                "relative rounded-lg border px-4 py-3 text-sm transition-colors",
                method === c.value ? "border-brand-500 bg-brand-50 ring-1 ring-brand-500" : "border-slate-300 bg-white hover:bg-slate-50",
                disabled && method !== c.value && "opacity-60",
              )}
            >
              <label className="flex cursor-pointer items-center gap-3 font-medium text-slate-900 after:absolute after:inset-0">
                <input
                  type="radio"
                  name="paymentMethod"
                  value={c.value}
                  checked={method === c.value}
                  disabled={disabled}
                  onChange={() => onMethodChange(c.value)}
                  aria-describedby={`payment-${c.value}-hint`}
                  className="relative z-10 size-4 accent-brand-600"
                />
                {c.label}
              </label>
              <p id={`payment-${c.value}-hint`} className="mt-1 pl-7 text-slate-600">
                {c.hint}
              </p>
            </div>
          ))}
        </div>
        <FieldError id="payment-method-error" messages={methodErrors} />
      </fieldset>
      {method === "card" && <CardField value={card} onChange={onCardChange} errors={cardErrors} stripe={stripe} />}
    </div>
  );
}

/**
 * Where the customer gives their card. With a Stripe publishable key: Stripe's Payment Element,
 * which hands the form a confirmation token through `stripe.onReady` (`checkout.pay` with kind
 * "confirmation_token"). Without one: the payment sandbox's card form (number, expiry, security
 * code), made a PaymentMethod by `checkout.cardPaymentMethod` before any order is placed.
 */
export function CardField({
  value,
  onChange,
  errors,
  stripe,
}: {
  value: SandboxCard;
  onChange: (card: SandboxCard) => void;
  errors?: string[];
  stripe?: StripeCardSettings;
}) {
  if (stripe) {
    if (stripe.total === null) return <LoadingCardForm />;
    return <StripeCardField publishableKey={stripe.publishableKey} total={stripe.total} currency={stripe.currency} onReady={stripe.onReady} />;
  }
  return <SandboxCardField value={value} onChange={onChange} errors={errors} />;
}

/** Stripe's test cards, as the sandbox gateway answers them. */
export const sandboxTestCards: { number: string; outcome: string }[] = [
  { number: "4242 4242 4242 4242", outcome: "Succeeds" },
  { number: "4000 0000 0000 0002", outcome: "Declined" },
  { number: "4000 0000 0000 9995", outcome: "Insufficient funds" },
  { number: "4000 0000 0000 0069", outcome: "Expired card" },
  { number: "4000 0000 0000 0259", outcome: "Slow: the provider times out" },
];

/** The sandbox card form's inputs, in order (ids as the error summary and the card checks name them). */
const sandboxCardInputs: { field: keyof SandboxCard; id: string; label: string; autoComplete: string; placeholder: string; className: string }[] = [
  { field: "number", id: "card", label: "Card number", autoComplete: "cc-number", placeholder: "1234 1234 1234 1234", className: "font-mono tracking-wide" },
  { field: "expiry", id: "card-expiry", label: "Expiry", autoComplete: "cc-exp", placeholder: "MM / YY", className: "font-mono" },
  { field: "cvc", id: "card-cvc", label: "Security code", autoComplete: "cc-csc", placeholder: "CVC", className: "font-mono" },
];

function SandboxCardField({ value, onChange, errors }: { value: SandboxCard; onChange: (card: SandboxCard) => void; errors?: string[] }) {
  const describedBy = [errors ? "card-error" : null, "card-hint"].filter(Boolean).join(" ");
  const set = (field: keyof SandboxCard) => (e: { target: { value: string } }) => onChange({ ...value, [field]: e.target.value });
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-[1fr_7rem_6rem]">
        {sandboxCardInputs.map((input) => (
          <div key={input.field} className="space-y-1.5">
            <Label htmlFor={input.id}>{input.label}</Label>
            <Input
              id={input.id}
              name={input.id}
              autoComplete={input.autoComplete}
              inputMode="numeric"
              placeholder={input.placeholder}
              value={value[input.field]}
              onChange={set(input.field)}
              invalid={Boolean(errors)}
              aria-describedby={describedBy}
              className={input.className}
              required
            />
          </div>
        ))}
      </div>
      <FieldError id="card-error" messages={errors} />
      <p id="card-hint" className="text-sm text-slate-500">
        The sandbox checks the card like a bank would: use a test card below, any future expiry date and any 3-digit security code.
      </p>
      <section aria-labelledby="test-cards-heading" className="rounded-lg border border-amber-200 bg-amber-50/60 px-4 py-3">
        <h3 id="test-cards-heading" className="text-sm font-semibold text-amber-900">
          Test cards (payment sandbox)
        </h3>
        <p className="mt-0.5 text-xs text-amber-800">No real payments are made. Choose a card to fill it in.</p>
        <ul className="mt-2 grid gap-1 text-sm">
          {sandboxTestCards.map((c) => (
            <li key={c.number}>
              <button
                type="button"
                onClick={() => onChange({ number: c.number, expiry: value.expiry || "12 / 34", cvc: value.cvc || "123" })}
                className={cn(
                  "flex w-full flex-wrap items-center justify-between gap-x-3 rounded-md px-2 py-1.5 text-left hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-amber-500",
                  value.number.replace(/\s/g, "") === c.number.replace(/\s/g, "") && "bg-amber-100",
                )}
              >
                <span className="font-mono text-slate-900">{c.number}</span>
                <span className="text-slate-600">{c.outcome}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
