"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorInfo } from "@/components/ui/trpc-error";
import { REVIEW_BODY_MAX, REVIEW_RATING_MAX, REVIEW_TITLE_MAX } from "@/server/vocabulary/reviews";

/** A verified buyer's review of the product; it is published once ops approve it. */
export function ReviewForm({ productId }: { productId: string }) {
  const trpc = useTRPC();
  const id = useId();
  const [rating, setRating] = useState("5");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const submit = useMutation(trpc.reviews.submit.mutationOptions());
  const fieldErrors = submit.error ? errorInfo(submit.error).fieldErrors : {};

  if (submit.isSuccess) return <Alert tone="success">Thank you: your review is published once our team has checked it.</Alert>;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit.mutate({ productId, rating: Number(rating), title, body });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" noValidate aria-label="Review this product">
      <p className="font-semibold text-slate-900">Review this product</p>
      {submit.error && <Alert tone="error">{errorInfo(submit.error).message}</Alert>}
      <div className="w-32 space-y-1.5">
        <Label htmlFor={`${id}-rating`}>Rating</Label>
        <Select id={`${id}-rating`} value={rating} onChange={(e) => setRating(e.target.value)}>
          {Array.from({ length: REVIEW_RATING_MAX }, (_, i) => REVIEW_RATING_MAX - i).map((n) => (
            <option key={n} value={n}>
              {n} {n === 1 ? "star" : "stars"}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-title`}>Title</Label>
        <Input id={`${id}-title`} value={title} maxLength={REVIEW_TITLE_MAX} onChange={(e) => setTitle(e.target.value)} invalid={!!fieldErrors.title} />
        <FieldError id={`${id}-title-error`} messages={fieldErrors.title} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-body`}>Your review</Label>
        <textarea
          id={`${id}-body`}
          value={body}
          maxLength={REVIEW_BODY_MAX}
          rows={4}
          onChange={(e) => setBody(e.target.value)}
          className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand-600"
        />
        <FieldError id={`${id}-body-error`} messages={fieldErrors.body} />
      </div>
      <Button type="submit" loading={submit.isPending}>
        Submit review
      </Button>
    </form>
  );
}
