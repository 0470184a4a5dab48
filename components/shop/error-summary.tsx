"use client";

/** A field an error summary can name: its key in the fieldErrors map, its label, and the control to focus (a CSS selector). */
export type SummaryField = { key: string; label: string; target: string };

/** The known fields that have messages, in the order of `fields` (the form's order). */
export function invalidFields(errors: Record<string, string[]>, fields: readonly SummaryField[]) {
  return fields.flatMap((field) => {
    const messages = errors[field.key];
    return messages?.length ? [{ field, messages }] : [];
  });
}

export function focusField(field: SummaryField, options?: FocusOptions) {
  document.querySelector<HTMLElement>(field.target)?.focus(options);
}

/**
 * Every problem of a form at once, as links to the fields (the GOV.UK error summary pattern):
 * announced as an alert, and each link moves focus to its field.
 */
export function ErrorSummary({ id, errors, fields }: { id: string; errors: Record<string, string[]>; fields: readonly SummaryField[] }) {
  const invalid = invalidFields(errors, fields);
  if (invalid.length === 0) return null;
  return (
    <div id={id} role="alert" aria-labelledby={`${id}-title`} className="scroll-mt-28 rounded-lg border-2 border-red-600 bg-red-50 px-4 py-3 text-sm text-red-800">
      <h2 id={`${id}-title`} className="font-semibold">
        {invalid.length === 1 ? "One detail needs your attention" : `${invalid.length} details need your attention`}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {invalid.map(({ field, messages }) => (
          <li key={field.key}>
            <a
              href={field.target.startsWith("#") ? field.target : "#"}
              onClick={(event) => {
                event.preventDefault();
                focusField(field);
              }}
              className="font-medium underline underline-offset-2 hover:text-red-900"
            >
              {field.label}: {messages.join(" ")}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
