import type { InputHTMLAttributes, LabelHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export function Label({ className, ...rest }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={cn("block text-sm font-medium text-slate-800", className)} {...rest} />;
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean };

export function Input({ invalid = false, className, ...rest }: InputProps) {
  return (
    <input
      aria-invalid={invalid || undefined}
      className={cn(
        "block h-11 w-full rounded-lg border bg-white px-3 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 disabled:bg-slate-100 sm:text-sm",
        invalid ? "border-red-500 focus:outline-red-500" : "border-slate-300 focus:border-brand-500 focus:outline-brand-500",
        className,
      )}
      {...rest}
    />
  );
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="text-sm text-slate-500">
      {children}
    </p>
  );
}

/** Renders nothing without messages; `id` is what the input's aria-describedby points at. */
export function FieldError({ id, messages }: { id: string; messages?: readonly string[] | string | null }) {
  const list = messages == null ? [] : typeof messages === "string" ? [messages] : messages;
  if (list.length === 0) return null;
  return (
    <p id={id} className="text-sm text-red-700">
      {list.join(" ")}
    </p>
  );
}

type TextFieldProps = Omit<InputProps, "id" | "invalid"> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | string | null;
  /** Classes of the wrapper (layout in a grid); `className` styles the input. */
  wrapperClassName?: string;
};

/** Label, input, hint and error wired together (aria-invalid, aria-describedby). */
export function TextField({ id, label, hint, errors, wrapperClassName, ...input }: TextFieldProps) {
  const invalid = errors != null && errors.length > 0;
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={wrapperClassName ?? "space-y-1.5"}>
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} invalid={invalid} aria-describedby={describedBy} {...input} />
      {hint && <FieldHint id={`${id}-hint`}>{hint}</FieldHint>}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}
