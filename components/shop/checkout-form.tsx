"use client";

import "@/server/vocabulary/zod-jitless"; // first: before any zod schema of this page is built
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, Input, Label } from "@/components/ui/input";
import type { ShippingAddress } from "@/db/schema";
import type { CartView } from "@/server/cart";
import { checkoutDetailsErrors } from "@/server/checkout/shared";
import type { ShippingMethod } from "@/server/checkout";
import { AddressFields, emptyAddress, type AddressDraft } from "./address-fields";
import { ErrorSummary, focusField, invalidFields, type SummaryField } from "./error-summary";
import { Money } from "./money";
import { emptySandboxCard, PaymentFields, sandboxCardDetails, sandboxCardProblem, type PaymentChoice, type SandboxCard } from "./payment-fields";
import type { StripeBilling, StripeCardPayment } from "./stripe-card-field";
import { PromoCodes } from "./promo-codes";
import { ShippingMethods } from "./shipping-methods";
import { Totals } from "./totals";
import { promotionErrorCode } from "./promotion-error";
import { errorInfo } from "@/components/ui/trpc-error";

/** One key per checkout attempt; crypto.randomUUID needs a secure context, so fall back. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type CardSource = { kind: "card"; paymentMethod: string } | { kind: "confirmation_token"; confirmationToken: string };

/** The checkout's fields in the order they appear, as the error summary names them (keys as in fieldErrors). */
const summaryFields: readonly SummaryField[] = [
  { key: "email", label: "Email", target: "#email" },
  { key: "address.name", label: "Full name", target: "#address-name" },
  { key: "address.line1", label: "Street address", target: "#address-line1" },
  { key: "address.line2", label: "Address line 2", target: "#address-line2" },
  { key: "address.city", label: "City", target: "#address-city" },
  { key: "address.region", label: "State", target: "#address-region" },
  { key: "address.postalCode", label: "ZIP code", target: "#address-postalCode" },
  { key: "address.phone", label: "Phone", target: "#address-phone" },
  { key: "shippingMethod", label: "Shipping method", target: 'input[name="shippingMethod"]:checked, input[name="shippingMethod"]' },
  { key: "paymentMethod", label: "Payment", target: 'input[name="paymentMethod"]:checked, input[name="paymentMethod"]' },
  { key: "card", label: "Card", target: "#card" },
];
/** Messages these keys carry are shown beside their fields (promotion codes beside the code box). */
const knownFields = new Set([...summaryFields.map((f) => f.key), "codes"]);

/** A signed-in customer's address starts as their saved one (default address or last order's), else with their name. */
function startingAddress(savedAddress: ShippingAddress | null, customerName: string | null): AddressDraft {
  if (!savedAddress) return { ...emptyAddress, name: customerName ?? "" };
  const { name, line1, line2 = "", city, region, postalCode, phone = "" } = savedAddress;
  return { name, line1, line2, city, region, postalCode, phone };
}

/**
 * `stripePublishableKey` (from the server's settings, never read here from the environment):
 * set → cards go through Stripe's Payment Element; null → the payment sandbox's test-card form.
 * `customerName` and `savedAddress` (their default address, or else their most recent order's: `savedFrom`) prefill a signed-in customer's address.
 */
export function CheckoutForm({
  customerEmail,
  customerName = null,
  savedAddress = null,
  savedFrom = "last-order",
  stripePublishableKey = null,
}: {
  customerEmail: string | null;
  customerName?: string | null;
  savedAddress?: ShippingAddress | null;
  savedFrom?: "default" | "last-order";
  stripePublishableKey?: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [email, setEmail] = useState(customerEmail ?? "");
  const [address, setAddress] = useState<AddressDraft>(() => startingAddress(savedAddress, customerName));
  const [shippingMethod, setShippingMethod] = useState<ShippingMethod>("standard");
  const [codes, setCodes] = useState<string[]>([]);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  /** Bumped to move focus to the first invalid field once its error is rendered. */
  const [focusRequest, setFocusRequest] = useState(0);
  // Cash on delivery needs nothing more from the customer, so it is the starting choice.
  const [paymentMethod, setPaymentMethod] = useState<PaymentChoice>("card");
  const [card, setCard] = useState<SandboxCard>(emptySandboxCard);
  /** The card order placed by this attempt whose payment has not gone through yet. */
  const [placedNumber, setPlacedNumber] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  /** The Payment Element, once it is ready (Stripe only). */
  const [stripeCard, setStripeCard] = useState<StripeCardPayment | null>(null);
  /** Stripe only: checking the card or making its confirmation token, then the bank's 3-D Secure step. */
  const [stripeStep, setStripeStep] = useState<"checking" | "authenticating" | null>(null);
  const usesStripe = paymentMethod === "card" && stripePublishableKey !== null;

  const region = address.region || undefined;
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), staleTime: 0 });
  // Placing the order empties the cart; the form stays while its card payment is retried.
  const cartHasLines = (cart.data?.lines.length ?? 0) > 0;
  const hasLines = cartHasLines || placedNumber !== null;
  const quote = useQuery({
    ...trpc.checkout.quote.queryOptions({ shippingMethod, region, codes }),
    enabled: cartHasLines,
    placeholderData: keepPreviousData,
  });

  const refreshTotals = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.checkout.quote.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
  };

  /** The order page shows how the payment went: a failed card, a pending one, cash on delivery. */
  const openOrder = (number: string) => {
    setLeaving(true);
    router.push(`/orders/${number}`);
    void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
  };

  const pay = useMutation(
    trpc.checkout.pay.mutationOptions({
      onSuccess: async (result, { number }) => {
        const clientSecret = result.nextAction?.clientSecret;
        if (clientSecret && stripeCard) {
          // 3-D Secure: Stripe.js shows the bank's challenge. Pass or fail, the outcome reaches the
          // order through Stripe's signed webhook, and the order page follows it.
          setStripeStep("authenticating");
          await stripeCard.handleNextAction(clientSecret);
          setStripeStep(null);
        }
        openOrder(number);
      },
      onError: (error, { number }) => {
        const info = errorInfo(error);
        // The provider did not answer in time: the payment may still go through; the order page follows it.
        if (info.code === "SERVICE_UNAVAILABLE") return openOrder(number);
        showFieldErrors(info.fieldErrors);
        setFormError(
          `Your order ${number} is placed, but we couldn't take the payment: ${info.message} Nothing was charged. Check your card and select Place order to try again.`,
        );
      },
    }),
  );

  const place = useMutation(
    trpc.checkout.placeOrder.mutationOptions({
      onSuccess: ({ number, paymentMethod: method }, { card: source }) => {
        // The card the order was placed with, already checked by the provider, pays for it.
        if (method === "card" && source) {
          setPlacedNumber(number);
          payWith(number, source);
          return;
        }
        openOrder(number);
      },
      onError: (error) => {
        const info = errorInfo(error);
        showFieldErrors(info.fieldErrors);
        const badCode = promotionErrorCode(info);
        if (badCode && codes.includes(badCode)) {
          setCodes((list) => list.filter((c) => c !== badCode));
          setCodeError(info.message);
        }
        if (info.code === "CONFLICT" || info.code === "PRECONDITION_FAILED") refreshTotals();
        const keys = Object.keys(info.fieldErrors);
        // Field problems are listed in the error summary at the top; anything else is said here.
        if (keys.length === 0 || !keys.every((k) => knownFields.has(k))) setFormError(info.message);
      },
    }),
  );

  // After the errors are rendered (aria-invalid, messages): the summary in view, focus on the first invalid field.
  const focusFirstInvalid = useEffectEvent(() => {
    const [first] = invalidFields(fieldErrors, summaryFields);
    if (!first) return;
    document.getElementById("checkout-errors")?.scrollIntoView({ block: "start" });
    const rect = document.querySelector<HTMLElement>(first.field.target)?.getBoundingClientRect();
    // The summary stays in view when the field fits below it; otherwise the browser scrolls to the field.
    focusField(first.field, { preventScroll: rect !== undefined && rect.bottom <= window.innerHeight });
  });
  // Only a new request moves focus, not every change of the errors.
  useEffect(() => {
    if (focusRequest > 0) focusFirstInvalid();
  }, [focusRequest]);

  /** One answer for every field: the summary lists them all and focus goes to the first. */
  function showFieldErrors(errors: Record<string, string[]>) {
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) setFocusRequest((n) => n + 1);
  }

  function clearFieldError(key: string) {
    if (!fieldErrors[key]) return;
    setFieldErrors(({ [key]: _gone, ...rest }) => rest);
  }

  /** Every field judged at once, by the schema the server uses, before anything is sent. */
  function detailsErrors(): Record<string, string[]> {
    const errors = placedNumber ? {} : checkoutDetailsErrors({ email: customerEmail ?? email, address: { ...address, country: "US" }, shippingMethod });
    // The sandbox's own check (Stripe's Payment Element checks its card itself): all in the same pass.
    const cardProblem = !usesStripe && paymentMethod === "card" ? sandboxCardProblem(card) : null;
    if (cardProblem) errors.card = [cardProblem.message];
    return errors;
  }

  async function applyCode(raw: string): Promise<boolean> {
    const code = raw.trim().toUpperCase();
    setCodeError(null);
    if (!code) {
      setCodeError("Enter a promotion code.");
      return false;
    }
    if (codes.includes(code)) {
      setCodeError(`Code ${code} is already applied.`);
      return false;
    }
    const next = [...codes, code];
    setApplying(true);
    try {
      // Price the cart with the code first: a code that fails never joins the list.
      await queryClient.fetchQuery(trpc.checkout.quote.queryOptions({ shippingMethod, region, codes: next }));
      setCodes(next);
      return true;
    } catch (error) {
      setCodeError(errorInfo(error).message);
      return false;
    } finally {
      setApplying(false);
    }
  }

  /** Who pays and where it goes, for Stripe (the card's billing address is the Payment Element's). */
  function stripeBilling(): StripeBilling {
    return {
      name: address.name.trim(),
      email: (customerEmail ?? email).trim(),
      phone: address.phone.trim() || undefined,
      shipping: {
        line1: address.line1.trim(),
        line2: address.line2.trim() || undefined,
        city: address.city.trim(),
        state: address.region,
        postalCode: address.postalCode.trim(),
        country: "US",
      },
    };
  }

  function payWith(number: string, source: CardSource) {
    if (source.kind === "confirmation_token") pay.mutate({ kind: "confirmation_token", number, confirmationToken: source.confirmationToken });
    else pay.mutate({ number, card: source.paymentMethod });
  }

  /**
   * The card, checked by the provider (the sandbox form's PaymentMethod id, or the Payment
   * Element's confirmation token), places the order, or pays again for the one already placed.
   */
  function withCard(source: CardSource) {
    if (placedNumber) payWith(placedNumber, source);
    else if (quote.data) placeOrder(quote.data.total, source);
  }

  const cardMethod = useMutation(
    trpc.checkout.cardPaymentMethod.mutationOptions({
      onSuccess: (method) => withCard({ kind: "card", paymentMethod: method.id }),
      onError: (error) => {
        const info = errorInfo(error);
        showCardError(info.fieldErrors.card?.[0] ?? info.message);
      },
    }),
  );

  /** A refused card, beside the card field: nothing was placed. */
  function showCardError(message: string, field = "card") {
    setFieldErrors({ card: [message] });
    setFormError("Some details need your attention. Check the highlighted fields.");
    document.getElementById(field)?.focus();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!quote.data || place.isPending || pay.isPending || cardMethod.isPending || stripeStep !== null || leaving) return;
    setFormError(null);
    const errors = detailsErrors();
    showFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    if (usesStripe) {
      void submitWithStripe();
      return;
    }
    if (paymentMethod === "card") {
      // Checked above as the sandbox checks it, then made a PaymentMethod: no order for a bad card.
      cardMethod.mutate(sandboxCardDetails(card));
      return;
    }
    placeOrder(quote.data.total, null);
  }

  /** Stripe: the Payment Element checks the card first (inside the click, for wallets), then the order is placed and paid. */
  async function submitWithStripe() {
    const payment = stripeCard;
    if (!payment) {
      setFormError("The card form is still loading. Wait a moment and select Place order again.");
      return;
    }
    setStripeStep("checking");
    const checked = await payment.submit();
    if (!checked.ok) {
      setStripeStep(null);
      return showCardError(`Check your card: ${checked.message}`);
    }
    // Stripe checks the card when it makes the confirmation token, before any order exists.
    const token = await payment.confirmationToken(stripeBilling());
    setStripeStep(null);
    if (!token.ok) return showCardError(token.message);
    withCard({ kind: "confirmation_token", confirmationToken: token.token });
  }

  function placeOrder(expectedTotal: string, source: CardSource | null) {
    place.mutate({
      email,
      address: {
        ...address,
        line2: address.line2 || undefined,
        phone: address.phone || undefined,
        country: "US",
      },
      shippingMethod,
      paymentMethod,
      codes,
      expectedTotal,
      idempotencyKey,
      ...(source ? { card: source } : {}),
    });
  }

  function paymentStatusLine(): string {
    if (stripeStep === "authenticating") return "Confirm the payment with your bank in the window that opened…";
    if (stripeStep === "checking") return "Checking your card…";
    if (cardMethod.isPending) return "Checking your card…";
    if (pay.isPending) return "Authorizing your card…";
    return paymentMethod === "card"
      ? "Your card is authorized now and charged once your order is confirmed."
      : "Nothing is charged online: you pay when your order arrives.";
  }

  if (cart.isPending) return <p role="status" className="py-10 text-center text-slate-500">Loading your cart…</p>;
  if (cart.isError) return <Alert tone="error">{errorInfo(cart.error).message}</Alert>;
  if (leaving) return <p role="status" className="py-10 text-center text-slate-600">Order placed. Opening your confirmation…</p>;
  if (!hasLines) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <p className="font-semibold text-slate-900">Your cart is empty.</p>
        <Link href="/products" className={buttonClasses("primary", "md", "mt-4")}>
          Browse products
        </Link>
      </div>
    );
  }

  const emailErrors = fieldErrors.email;
  const quoteError = quote.isError ? errorInfo(quote.error).message : null;
  const canPlace = placedNumber
    ? quote.data !== undefined
    : cart.data.purchasable && quote.data !== undefined && !quote.isPlaceholderData && !quote.isError;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      // Focused fields stop below the sticky site header.
      className="grid gap-6 lg:grid-cols-[1fr_24rem] lg:items-start lg:gap-8 [&_input]:scroll-mt-28 [&_select]:scroll-mt-28"
    >
      <div className="space-y-6">
        <ErrorSummary id="checkout-errors" errors={fieldErrors} fields={summaryFields} />
        <Card>
          <h2 className="mb-4 text-lg font-semibold text-slate-900">Contact</h2>
          <div className="space-y-1.5">
            <Label htmlFor="email">Email</Label>
            <Input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              inputMode="email"
              value={email}
              readOnly={customerEmail !== null}
              className={customerEmail !== null ? "bg-slate-50 text-slate-600" : undefined}
              onChange={(e) => {
                setEmail(e.target.value);
                clearFieldError("email");
              }}
              invalid={Boolean(emailErrors)}
              aria-describedby={emailErrors ? "email-error" : "email-hint"}
              required
            />
            <FieldError id="email-error" messages={emailErrors} />
            {!emailErrors && (
              <p id="email-hint" className="text-sm text-slate-500">
                {customerEmail ? "Orders go to your account's email." : "We send your confirmation here. You can also look your order up with it."}
              </p>
            )}
          </div>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold text-slate-900">Shipping address</h2>
          {savedAddress && (
            <p className="-mt-2 mb-4 text-sm text-slate-500">
              Filled in from {savedFrom === "default" ? "your default address" : "your last order"}. Change anything that&apos;s different.
            </p>
          )}
          <AddressFields
            value={address}
            errors={fieldErrors}
            onChange={(field, value) => {
              setAddress((a) => ({ ...a, [field]: value }));
              clearFieldError(`address.${field}`);
            }}
          />
        </Card>
        <Card>
          <ShippingMethods
            value={shippingMethod}
            onChange={(method) => {
              setShippingMethod(method);
              clearFieldError("shippingMethod");
            }}
            currency={cart.data.currency}
            errors={fieldErrors.shippingMethod}
          />
        </Card>
        <Card>
          <PaymentFields
            method={paymentMethod}
            onMethodChange={(method) => {
              setPaymentMethod(method);
              setFieldErrors(({ card: _card, paymentMethod: _method, ...rest }) => rest);
            }}
            card={card}
            onCardChange={(value) => {
              setCard(value);
              if (fieldErrors.card) {
                setFieldErrors(({ card: _card, ...rest }) => rest);
                setFormError(null);
              }
            }}
            methodErrors={fieldErrors.paymentMethod}
            cardErrors={fieldErrors.card}
            disabled={placedNumber !== null}
            stripe={
              stripePublishableKey === null
                ? undefined
                : { publishableKey: stripePublishableKey, total: quote.data?.total ?? null, currency: quote.data?.currency ?? cart.data.currency, onReady: setStripeCard }
            }
          />
        </Card>
      </div>

      <aside aria-labelledby="summary-heading" className="lg:sticky lg:top-20">
        <Card className="space-y-5">
          <h2 id="summary-heading" className="text-lg font-semibold text-slate-900">
            Order summary
          </h2>
          <SummaryLines cart={cart.data} />
          <PromoCodes
            codes={codes}
            error={codeError}
            applying={applying}
            onApply={applyCode}
            onRemove={(code) => {
              setCodes((list) => list.filter((c) => c !== code));
              setCodeError(null);
            }}
          />
          {quote.data ? (
            <div className={quote.isPlaceholderData ? "opacity-60 transition-opacity" : undefined} aria-busy={quote.isFetching || undefined}>
              <Totals
                totals={quote.data}
                currency={quote.data.currency}
                codes={quote.data.codes.map((c) => c.code)}
                taxNote={region ? undefined : "Choose a state"}
              />
            </div>
          ) : (
            !quoteError && <p className="text-sm text-slate-500">Calculating totals…</p>
          )}
          {quoteError && <Alert tone="error">{quoteError}</Alert>}
          {!cart.data.purchasable && (
            <Alert tone="error">
              Some items can&apos;t be bought as they are.{" "}
              <Link href="/cart" className="font-semibold underline">
                Review your cart
              </Link>
            </Alert>
          )}
          {formError && <Alert tone="error">{formError}</Alert>}
          <Button type="submit" size="lg" className="w-full" loading={place.isPending || pay.isPending || cardMethod.isPending || stripeStep !== null} disabled={!canPlace}>
            Place order
          </Button>
          <p role="status" className="text-center text-xs text-slate-500">
            {paymentStatusLine()}
          </p>
        </Card>
      </aside>
    </form>
  );
}

function SummaryLines({ cart }: { cart: CartView }) {
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {cart.lines.map((line) => (
        <li key={line.productId} className="flex justify-between gap-3 py-2">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">{line.name}</p>
            <p className="text-slate-500">Qty {line.quantity}</p>
            {line.problem && <p className="text-red-700">{line.problem}</p>}
          </div>
          {line.lineTotal && <Money value={line.lineTotal} currency={cart.currency} className="shrink-0 tabular-nums text-slate-900" />}
        </li>
      ))}
    </ul>
  );
}
