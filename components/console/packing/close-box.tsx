"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { boxTareGrams, weightWindow } from "@/server/vocabulary/parcels";
import { shippingBoxes } from "@/server/vocabulary/boxes";

const grams = new Intl.NumberFormat("en-US");
const g = (n: number) => `${grams.format(n)} g`;

function boxOption(code: string, label: string, suggested: boolean): string {
  const tare = boxTareGrams[code];
  return `${label}${tare === undefined ? "" : `, ${g(tare)} empty`}${suggested ? " (suggested)" : ""}`;
}

/**
 * Box, scale and label. The expected window is the server's own formula (contents + box tare,
 * ± 10 %, at least 50 g); the server checks it again when the box is closed.
 */
export function CloseBox({
  contentsGrams,
  suggestedBox,
  busy,
  onClose,
}: {
  contentsGrams: number;
  suggestedBox: string;
  busy: boolean;
  onClose: (boxCode: string, weightGrams: number) => void;
}) {
  const [boxCode, setBoxCode] = useState(suggestedBox);
  const [weight, setWeight] = useState("");
  const [error, setError] = useState<string | null>(null);
  const range = weightWindow(contentsGrams, boxCode);
  const entered = Number(weight);
  const outside = weight.trim() !== "" && Number.isFinite(entered) && (entered < range.min || entered > range.max);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (weight.trim() === "" || !Number.isInteger(entered) || entered < 1) {
      setError("Put the parcel on the scale and enter its weight in whole grams.");
      return;
    }
    setError(null);
    onClose(boxCode, entered);
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="close-box-heading" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h3 id="close-box-heading" className="text-lg font-semibold text-slate-900">
        Box and weigh
      </h3>
      <div className="space-y-1.5">
        <Label htmlFor="pack-box">Box</Label>
        <Select id="pack-box" value={boxCode} onChange={(e) => setBoxCode(e.target.value)} className="h-12">
          {shippingBoxes.map((b) => (
            <option key={b.code} value={b.code}>
              {boxOption(b.code, b.label, b.code === suggestedBox)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="pack-weight">Weight (g)</Label>
        <Input
          id="pack-weight"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={weight}
          onChange={(e) => setWeight(e.target.value)}
          autoFocus
          enterKeyHint="done"
          invalid={error !== null}
          aria-describedby={error ? "pack-weight-hint pack-weight-error" : "pack-weight-hint"}
          className="h-14 text-2xl tabular-nums sm:text-2xl"
        />
        <p id="pack-weight-hint" className={outside ? "text-sm font-medium text-amber-800" : "text-sm text-slate-500"}>
          Expected {g(range.expected)} with this box: {g(range.min)}–{g(range.max)}.
          {outside && " The scale reads outside that: check the contents."}
        </p>
        <FieldError id="pack-weight-error" messages={error} />
      </div>
      <Button type="submit" size="lg" className="w-full" loading={busy}>
        Close box and print label
      </Button>
    </form>
  );
}
