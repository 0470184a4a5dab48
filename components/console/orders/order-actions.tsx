"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { statusLabel } from "@/components/shop/order-status";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { cn } from "@/components/ui/cn";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { formatMoney } from "@/server/vocabulary/money";
import type { OrderStatus } from "@/server/vocabulary/orders";
import type { OrderSummary } from "@/server/orders";

const MIN_REASON = 5;

type ActionOrder = Pick<
  OrderSummary,
  "number" | "status" | "version" | "nextStatuses" | "cancelRefusal" | "currency" | "paymentMethod" | "items" | "payments" | "fulfillments" | "shipments"
>;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** What cancelling the order does, with its figures, for the confirmation. */
function cancelConsequence(order: ActionOrder): string {
  const units = order.items.reduce((n, i) => n + i.quantity, 0);
  const live = order.fulfillments.filter((f) => f.status !== "cancelled").length;
  const payment = order.payments.at(-1);
  const money = (v: string) => formatMoney(v, order.currency);
  const pay =
    order.paymentMethod === "cod"
      ? "nothing is charged (cash on delivery)"
      : payment?.status === "authorized"
        ? `void the ${money(payment.amount)} card authorization`
        : payment?.status === "captured" || payment?.status === "partially_refunded"
          ? `refund what is left of the ${money(payment.amount)} card payment to the customer's card`
          : "no card payment is taken";
  const labels = order.shipments.filter((s) => s.trackingNumber && s.status !== "cancelled").length;
  const parts = [`release the stock held for its ${plural(units, "unit")}`, `cancel ${plural(live, "fulfillment")}`];
  if (labels > 0) parts.push(`void ${plural(labels, "shipping label")}`);
  return `Cancel order ${order.number}: ${parts.join(", ")}, and ${pay}. The customer is told the order is cancelled.`;
}

/**
 * Manual actions on an order, each with a reason that goes in the audit log: cancel it (while
 * nothing has shipped), or move it to one of the statuses its state machine allows next.
 */
export function OrderActions({ order }: { order: ActionOrder }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [to, setTo] = useState<OrderStatus | "">("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.opsOrders.timeline.queryKey({ number: order.number }) });

  const cancel = useMutation(
    trpc.opsOrders.cancel.mutationOptions({
      onSuccess: (r) => {
        const parts = [
          `${r.reservationsReleased} reservation${r.reservationsReleased === 1 ? "" : "s"} released`,
          `${r.fulfillmentsCancelled} fulfillment${r.fulfillmentsCancelled === 1 ? "" : "s"} cancelled`,
        ];
        if (r.promotionsReleased > 0) parts.push(`${r.promotionsReleased} code use${r.promotionsReleased === 1 ? "" : "s"} given back`);
        if (r.pickedUnitsToPutAway > 0) parts.push(`${r.pickedUnitsToPutAway} picked unit${r.pickedUnitsToPutAway === 1 ? "" : "s"} to put back in their bins`);
        setDone(`Order ${r.number} cancelled: ${parts.join(", ")}. The payment is voided or refunded and any label voided in the background.`);
        setReason("");
        void refresh();
      },
    }),
  );
  const override = useMutation(
    trpc.opsOrders.overrideStatus.mutationOptions({
      onSuccess: (r) => {
        setDone(`Order ${r.number} moved from ${statusLabel(r.from).toLowerCase()} to ${statusLabel(r.status).toLowerCase()}.`);
        setReason("");
        setTo("");
        void refresh();
      },
    }),
  );

  const checkedReason = (): string | null => {
    const text = reason.trim();
    if (text.length < MIN_REASON) {
      setReasonError(`Give a reason of at least ${MIN_REASON} characters: it goes in the audit log.`);
      return null;
    }
    setReasonError(null);
    setDone(null);
    cancel.reset();
    override.reset();
    return text;
  };
  const onCancel = () => {
    const why = checkedReason();
    if (!why) return;
    confirm({
      title: `Cancel order ${order.number}?`,
      consequence: cancelConsequence(order),
      confirmLabel: `Cancel order ${order.number}`,
      dismissLabel: "Keep the order",
      onConfirm: () => cancel.mutate({ number: order.number, reason: why, expectedVersion: order.version }),
    });
  };
  const onOverride = () => {
    const why = checkedReason();
    if (!why || !to) return;
    confirm({
      title: `Move order ${order.number} to ${statusLabel(to).toLowerCase()}?`,
      consequence: `Order ${order.number} moves from ${statusLabel(order.status).toLowerCase()} to ${statusLabel(to).toLowerCase()} by hand; its state machine never moves it back.`,
      confirmLabel: `Move to ${statusLabel(to).toLowerCase()}`,
      onConfirm: () => override.mutate({ number: order.number, to, reason: why, expectedVersion: order.version }),
    });
  };
  const failed = cancel.error ?? override.error;
  const error = failed ? errorInfo(failed) : null;
  const busy = cancel.isPending || override.isPending;
  const targets = order.nextStatuses;

  return (
    <Card aria-labelledby="order-actions-heading">
      {dialog}
      <h2 id="order-actions-heading" className="mb-1 text-base font-semibold text-slate-900">
        Manual actions
      </h2>
      <p className="mb-3 text-sm text-slate-600">Each action goes through the order&apos;s state machine and is written to the audit log with your reason.</p>
      <div className="space-y-1.5">
        <Label htmlFor="order-action-reason">Reason</Label>
        <textarea
          id="order-action-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={500}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? "order-action-reason-error" : "order-action-reason-hint"}
          className={cn(
            "block w-full rounded-lg border bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 sm:text-sm",
            reasonError ? "border-red-500 focus:outline-red-500" : "border-slate-300 focus:border-brand-500 focus:outline-brand-500",
          )}
          placeholder="Why, for the audit log (at least 5 characters)"
        />
        {reasonError ? (
          <FieldError id="order-action-reason-error" messages={reasonError} />
        ) : (
          <p id="order-action-reason-hint" className="text-sm text-slate-500">
            Required for both actions.
          </p>
        )}
      </div>

      <div className="mt-4 space-y-2 border-t border-slate-100 pt-4">
        <Button variant="danger" onClick={onCancel} loading={cancel.isPending} disabled={busy || order.cancelRefusal !== null} aria-describedby="order-cancel-note">
          Cancel order
        </Button>
        <p id="order-cancel-note" className="text-sm text-slate-600">
          {order.cancelRefusal ?? "Releases the stock and code uses, cancels the fulfillments, then voids or refunds the payment and voids any label."}
        </p>
      </div>

      <div className="mt-4 space-y-2 border-t border-slate-100 pt-4">
        <div className="space-y-1.5">
          <Label htmlFor="order-new-status">New status</Label>
          <Select id="order-new-status" value={to} onChange={(e) => setTo(e.target.value as OrderStatus | "")} disabled={targets.length === 0}>
            <option value="">{targets.length === 0 ? "No manual move from here" : "Choose a status"}</option>
            {targets.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </div>
        <Button variant="secondary" onClick={onOverride} loading={override.isPending} disabled={busy || !to}>
          Override status
        </Button>
        <p className="text-sm text-slate-600">For unsticking an order, e.g. shipped → delivered when the carrier never confirmed the delivery.</p>
      </div>

      {error && (
        <Alert tone="error" className="mt-4">
          {Object.values(error.fieldErrors).flat()[0] ?? error.message}
        </Alert>
      )}
      {done && (
        <Alert tone="success" className="mt-4">
          {done}
        </Alert>
      )}
    </Card>
  );
}
