import type { InputHTMLAttributes, ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { FieldHint, Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

type FieldProps = {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  /** Shown under the field and read with it. */
  hint?: ReactNode;
  /** Ids of notes elsewhere in the form that are read with the field (one note for From and To). */
  describedBy?: string;
  /** Classes of the wrapper: its place in the form's grid. */
  className?: string;
};

function Field({ id, label, hint, className, children }: Pick<FieldProps, "id" | "label" | "hint" | "className"> & { children: ReactNode }) {
  return (
    <div className={cn("space-y-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && <FieldHint id={`${id}-hint`}>{hint}</FieldHint>}
    </div>
  );
}

const describedByIds = ({ id, hint, describedBy }: Pick<FieldProps, "id" | "hint" | "describedBy">) =>
  [hint ? `${id}-hint` : null, describedBy].filter(Boolean).join(" ") || undefined;

type FilterFieldProps = FieldProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, keyof FieldProps | "onChange" | "aria-describedby"> & {
    /** Codes (order numbers, SKUs, actions) read better in a fixed-width font. */
    mono?: boolean;
  };

/** A labelled filter input; browsers neither autocomplete nor spell-check it unless asked. */
export function FilterField({ id, label, value, onValueChange, hint, describedBy, className, mono = false, ...input }: FilterFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} className={className}>
      <Input
        id={id}
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        aria-describedby={describedByIds({ id, hint, describedBy })}
        autoComplete="off"
        spellCheck={false}
        className={mono ? "font-mono" : undefined}
        {...input}
      />
    </Field>
  );
}

type FilterSelectProps = FieldProps & {
  /** The first option, value "": no filter ("Any status"). */
  anyLabel: string;
  options: readonly { value: string; label: string }[];
};

/** A labelled filter select whose first option filters nothing. */
export function FilterSelect({ id, label, value, onValueChange, hint, describedBy, className, anyLabel, options }: FilterSelectProps) {
  return (
    <Field id={id} label={label} hint={hint} className={className}>
      <Select id={id} value={value} onChange={(e) => onValueChange(e.target.value)} aria-describedby={describedByIds({ id, hint, describedBy })}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
