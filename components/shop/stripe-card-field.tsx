"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
// The pure entry adds nothing to the page until loadStripe is called; this module itself is
// only loaded (next/dynamic) when a publishable key is configured.
import type { Stripe, StripeElements, StripeElementsOptions } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { amount } from "@/server/vocabulary/money";
import { currencyExponent, toMinorUnits } from "@/server/payments/shared";

/** Who pays and where the order goes, from the checkout form (the card's own billing address stays the Payment Element's). */
export type StripeBilling = {
  name: string;
  email: string;
  phone?: string;
  shipping: { line1: string; line2?: string; city: string; state: string; postalCode: string; country: string };
};

type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

/** What the checkout form does with the Payment Element once it is ready. */
export type StripeCardPayment = {
  /**
   * Validates the Payment Element (`elements.submit()`); it shows its own field errors. Call it
   * first thing in the submit handler, before any other await: wallets need the customer's gesture.
   */
  submit(): Promise<Outcome<object>>;
  /** After `submit()`: the confirmation token for `checkout.pay`. Nothing is charged. */
  confirmationToken(billing: StripeBilling): Promise<Outcome<{ token: string }>>;
  /** Runs what the card asks for (3-D Secure) with the intent's client secret. */
  handleNextAction(clientSecret: string): Promise<Outcome<object>>;
};

const LOAD_FAILED =
  "We couldn't load Stripe's secure card form. Check your connection and try again, or choose cash on delivery.";

/** One Stripe.js per page and key; a failed load is forgotten, so "Try again" loads it anew. */
let loaded: { key: string; promise: Promise<Stripe | null> } | undefined;
function stripeFor(key: string): Promise<Stripe | null> {
  if (loaded?.key !== key) {
    const entry = { key, promise: loadStripe(key) };
    loaded = entry;
    entry.promise.then(
      (stripe) => {
        if (!stripe && loaded === entry) loaded = undefined;
      },
      () => {
        if (loaded === entry) loaded = undefined;
      },
    );
  }
  return loaded.promise;
}

/** "54.4800" USD → 5448 for the Payment Element (wallet sheets, available methods); the server charges its own total. */
function minorUnits(total: string, currency: string): number {
  return toMinorUnits({ amount: amount(total).toFixed(currencyExponent(currency)), currency });
}

function messageOf(error: unknown, fallback: string): string {
  const message = typeof error === "object" && error !== null && "message" in error ? error.message : undefined;
  return typeof message === "string" && message ? message : fallback;
}

/**
 * Stripe's Payment Element in deferred-intent mode: no intent exists until `checkout.pay`
 * creates and confirms one on the server with the confirmation token made here (manual capture,
 * card only, like the server's intent). Card details go from the browser to Stripe only.
 */
export function StripeCardField({
  publishableKey,
  total,
  currency,
  onReady,
}: {
  publishableKey: string;
  /** The order total as the quote shows it (a decimal string). */
  total: string;
  currency: string;
  /** Called with the payment once the Payment Element can be used, and with null when it can't. */
  onReady: (payment: StripeCardPayment | null) => void;
}) {
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    stripeFor(publishableKey).then(
      (instance) => {
        if (!live) return;
        if (instance) setStripe(instance);
        else setLoadError(LOAD_FAILED);
      },
      () => {
        if (live) setLoadError(LOAD_FAILED);
      },
    );
    return () => {
      live = false;
    };
  }, [publishableKey, attempt]);

  const minor = minorUnits(total, currency);
  const options = useMemo<StripeElementsOptions>(
    () => ({
      mode: "payment",
      amount: minor,
      currency: currency.toLowerCase(),
      captureMethod: "manual",
      // Required to create confirmation tokens (or PaymentMethods) from these Elements.
      paymentMethodCreation: "manual",
      // The server confirms with automatic payment methods minus redirects: cards (and card wallets) only.
      allowedPaymentMethodTypes: ["card"],
      appearance: { theme: "stripe", variables: { borderRadius: "8px" } },
    }),
    [minor, currency],
  );

  if (loadError) {
    return (
      <Alert tone="error" title="The card form couldn't load">
        <p>{loadError}</p>
        <Button
          variant="secondary"
          size="sm"
          className="mt-2"
          onClick={() => {
            setLoadError(null);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </Button>
      </Alert>
    );
  }
  if (!stripe) {
    return (
      <p role="status" className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
        Loading the secure card form…
      </p>
    );
  }
  return (
    <Elements stripe={stripe} options={options}>
      <PaymentElementField onReady={onReady} />
    </Elements>
  );
}

function PaymentElementField({ onReady }: { onReady: (payment: StripeCardPayment | null) => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [mounted, setMounted] = useState(false);
  const [elementError, setElementError] = useState<string | null>(null);

  useEffect(() => {
    if (!stripe || !elements || !mounted) return;
    onReady(cardPayment(stripe, elements));
    return () => onReady(null);
  }, [stripe, elements, mounted, onReady]);

  return (
    <div className="space-y-3">
      <PaymentElement
        options={{ layout: "tabs" }}
        onReady={() => setMounted(true)}
        onLoadError={(event) => {
          setMounted(false);
          setElementError(messageOf(event.error, LOAD_FAILED));
        }}
      />
      {elementError && (
        <Alert tone="error" title="The card form couldn't load">
          {elementError}
        </Alert>
      )}
      <p className="text-sm text-slate-500">Card details go straight to Stripe; Depot never sees your card number.</p>
    </div>
  );
}

function cardPayment(stripe: Stripe, elements: StripeElements): StripeCardPayment {
  return {
    async submit() {
      try {
        const submitted = await elements.submit();
        return submitted.error ? { ok: false, message: messageOf(submitted.error, "Check your card details.") } : { ok: true };
      } catch (error) {
        return { ok: false, message: messageOf(error, "Check your card details.") };
      }
    },
    async confirmationToken(billing) {
      try {
        const { shipping } = billing;
        const result = await stripe.createConfirmationToken({
          elements,
          params: {
            // Name, email and phone only: the card's billing address is what the customer gives the Payment Element.
            payment_method_data: { billing_details: { name: billing.name, email: billing.email, ...(billing.phone ? { phone: billing.phone } : {}) } },
            shipping: {
              name: billing.name,
              phone: billing.phone ?? null,
              address: {
                line1: shipping.line1,
                line2: shipping.line2 ?? null,
                city: shipping.city,
                state: shipping.state,
                postal_code: shipping.postalCode,
                country: shipping.country,
              },
            },
          },
        });
        if (result.error) return { ok: false, message: messageOf(result.error, "Your card couldn't be checked. Try again.") };
        return { ok: true, token: result.confirmationToken.id };
      } catch (error) {
        return { ok: false, message: messageOf(error, "We couldn't reach Stripe. Check your connection and try again.") };
      }
    },
    async handleNextAction(clientSecret) {
      try {
        const result = await stripe.handleNextAction({ clientSecret });
        return result.error ? { ok: false, message: messageOf(result.error, "Your bank didn't confirm the payment.") } : { ok: true };
      } catch (error) {
        return { ok: false, message: messageOf(error, "Your bank didn't confirm the payment.") };
      }
    },
  };
}
