"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { CustomerOrderView } from "@/server/orders";
import { CardField, emptySandboxCard, sandboxCardDetails, sandboxCardProblem, type SandboxCard } from "./payment-fields";
import type { StripeCardPayment } from "./stripe-card-field";
import { errorInfo } from "@/components/ui/trpc-error";

type RetryOrder = Pick<CustomerOrderView, "number" | "status" | "paymentMethod" | "payment" | "total" | "currency" | "email" | "shippingAddress">;

/** Whether the order page offers another card: a card order still waiting for payment whose last attempt failed. */
export function canRetryPayment(order: RetryOrder): boolean {
  return order.status === "pending_payment" && order.paymentMethod === "card" && order.payment?.status === "failed";
}

/**
 * After a declined card the order keeps its reservation: the customer tries another card (up to
 * `maxAttempts` per order) or pays on delivery instead, from the order page. With a Stripe
 * publishable key the card is Stripe's Payment Element; without, the sandbox card form.
 */
export function PaymentRetry({ order, maxAttempts, stripePublishableKey }: { order: RetryOrder; maxAttempts: number; stripePublishableKey: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [card, setCard] = useState<SandboxCard>(emptySandboxCard);
  const [cardError, setCardError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stripeCard, setStripeCard] = useState<StripeCardPayment | null>(null);
  const [stripeStep, setStripeStep] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orders.get.queryKey({ number: order.number }) });
  const failed = (e: unknown) => {
    const info = errorInfo(e);
    if (info.fieldErrors.card) setCardError(info.fieldErrors.card[0]!);
    else setError(info.message);
    void refresh();
  };

  const pay = useMutation(
    trpc.checkout.pay.mutationOptions({
      onSuccess: async (result) => {
        const clientSecret = result.nextAction?.clientSecret;
        if (clientSecret && stripeCard) await stripeCard.handleNextAction(clientSecret);
        setCard(emptySandboxCard);
        await refresh();
      },
      onError: failed,
    }),
  );
  const cardMethod = useMutation(
    trpc.checkout.cardPaymentMethod.mutationOptions({
      onSuccess: (method) => pay.mutate({ number: order.number, card: method.id }),
      onError: failed,
    }),
  );
  const payOnDelivery = useMutation(trpc.checkout.payOnDelivery.mutationOptions({ onSuccess: refresh, onError: failed }));

  if (!canRetryPayment(order)) return null;
  const attemptsLeft = Math.max(0, maxAttempts - (order.payment?.attempt ?? 0));
  const busy = pay.isPending || cardMethod.isPending || payOnDelivery.isPending || stripeStep;

  async function tryAnotherCard() {
    setCardError(null);
    setError(null);
    if (stripePublishableKey !== null) {
      if (!stripeCard) return setError("The card form is still loading. Wait a moment and try again.");
      setStripeStep(true);
      const checked = await stripeCard.submit();
      const token = checked.ok ? await stripeCard.confirmationToken(billing(order)) : checked;
      setStripeStep(false);
      if (!token.ok) return setCardError(token.message);
      pay.mutate({ kind: "confirmation_token", number: order.number, confirmationToken: token.token });
      return;
    }
    const problem = sandboxCardProblem(card);
    if (problem) {
      setCardError(problem.message);
      document.getElementById(problem.field)?.focus();
      return;
    }
    cardMethod.mutate(sandboxCardDetails(card));
  }

  return (
    <Card className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Pay for order {order.number}</h2>
        <p className="mt-1 text-sm text-slate-600">
          {attemptsLeft > 0
            ? `Your items are still reserved. Try another card (${attemptsLeft} ${attemptsLeft === 1 ? "try" : "tries"} left), or pay when your order arrives.`
            : `This order has had ${maxAttempts} card payments declined, the most one order may try. Nothing was charged. You can still pay on delivery, or cancel the order; otherwise it is cancelled when its reservation ends.`}
        </p>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {attemptsLeft > 0 && (
        <CardField
          value={card}
          onChange={(value) => {
            setCard(value);
            setCardError(null);
          }}
          errors={cardError ? [cardError] : undefined}
          stripe={stripePublishableKey === null ? undefined : { publishableKey: stripePublishableKey, total: order.total, currency: order.currency, onReady: setStripeCard }}
        />
      )}
      {stripePublishableKey !== null && cardError && <p className="text-sm text-red-700">{cardError}</p>}
      <div className="flex flex-wrap gap-2">
        {attemptsLeft > 0 && (
          <Button loading={pay.isPending || cardMethod.isPending || stripeStep} disabled={busy} onClick={() => void tryAnotherCard()}>
            Try another card
          </Button>
        )}
        <Button variant="secondary" loading={payOnDelivery.isPending} disabled={busy} onClick={() => payOnDelivery.mutate({ number: order.number })}>
          Pay on delivery instead
        </Button>
      </div>
    </Card>
  );
}

/** Who pays, for Stripe's confirmation token: the order's own name, email and address. */
function billing(order: RetryOrder) {
  const a = order.shippingAddress;
  return {
    name: a.name,
    email: order.email,
    phone: a.phone,
    shipping: { line1: a.line1, line2: a.line2, city: a.city, state: a.region, postalCode: a.postalCode, country: a.country },
  };
}
