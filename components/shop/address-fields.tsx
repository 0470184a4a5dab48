"use client";

import { FieldError, Label, TextField } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { usStates } from "@/server/vocabulary/us-states";

export type AddressDraft = { name: string; line1: string; line2: string; city: string; region: string; postalCode: string; phone: string };

export const emptyAddress: AddressDraft = { name: "", line1: "", line2: "", city: "", region: "", postalCode: "", phone: "" };

const stateOptions = Object.entries(usStates)
  .map(([code, s]) => ({ code, name: s.name }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** Messages for one address field, whether the server keyed them "address.city" or "city". */
export function addressErrors(errors: Record<string, string[]>, field: keyof AddressDraft): string[] | undefined {
  return errors[`address.${field}`] ?? errors[field];
}

type FieldProps = {
  field: keyof AddressDraft;
  label: string;
  value: AddressDraft;
  errors: Record<string, string[]>;
  onChange: (field: keyof AddressDraft, value: string) => void;
  autoComplete: string;
  optional?: boolean;
  className?: string;
  inputMode?: "numeric" | "tel" | "text";
  type?: string;
};

function Field({ field, label, value, errors, onChange, autoComplete, optional, className, inputMode, type = "text" }: FieldProps) {
  return (
    <TextField
      id={`address-${field}`}
      name={field}
      label={
        <>
          {label}
          {optional && <span className="ml-1 font-normal text-slate-500">(optional)</span>}
        </>
      }
      type={type}
      autoComplete={autoComplete}
      inputMode={inputMode}
      value={value[field]}
      onChange={(e) => onChange(field, e.target.value)}
      errors={addressErrors(errors, field)}
      required={!optional}
      wrapperClassName={className}
    />
  );
}

/** A US shipping address; the country is fixed (Depot ships within the United States only). */
export function AddressFields({
  value,
  errors,
  onChange,
}: {
  value: AddressDraft;
  errors: Record<string, string[]>;
  onChange: (field: keyof AddressDraft, value: string) => void;
}) {
  const common = { value, errors, onChange };
  const regionErrors = addressErrors(errors, "region");
  return (
    <div className="grid gap-4 sm:grid-cols-6">
      <Field {...common} field="name" label="Full name" autoComplete="shipping name" className="space-y-1.5 sm:col-span-6" />
      <Field {...common} field="line1" label="Street address" autoComplete="shipping address-line1" className="space-y-1.5 sm:col-span-6" />
      <Field {...common} field="line2" label="Address line 2" optional autoComplete="shipping address-line2" className="space-y-1.5 sm:col-span-6" />
      <Field {...common} field="city" label="City" autoComplete="shipping address-level2" className="space-y-1.5 sm:col-span-3" />
      <div className="space-y-1.5 sm:col-span-3">
        <Label htmlFor="address-region">State</Label>
        <Select
          id="address-region"
          name="region"
          autoComplete="shipping address-level1"
          value={value.region}
          onChange={(e) => onChange("region", e.target.value)}
          invalid={Boolean(regionErrors)}
          aria-describedby={regionErrors ? "address-region-error" : undefined}
          required
        >
          <option value="">Choose a state</option>
          {stateOptions.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name}
            </option>
          ))}
        </Select>
        <FieldError id="address-region-error" messages={regionErrors} />
      </div>
      <Field {...common} field="postalCode" label="ZIP code" inputMode="numeric" autoComplete="shipping postal-code" className="space-y-1.5 sm:col-span-3" />
      <Field {...common} field="phone" label="Phone" type="tel" inputMode="tel" optional autoComplete="shipping tel" className="space-y-1.5 sm:col-span-3" />
      <div className="space-y-1.5 sm:col-span-6">
        <p className="text-sm font-medium text-slate-800">Country</p>
        <p className="text-sm text-slate-600">United States (we ship within the US only)</p>
      </div>
    </div>
  );
}
