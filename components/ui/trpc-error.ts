/** What a page (shop or console) needs from a tRPC error: the message a person reads and its details. */
export type ErrorInfo = {
  message: string;
  code?: string;
  reason?: string;
  /** Validation messages by field ("email", "address.postalCode" or just "address"). */
  fieldErrors: Record<string, string[]>;
  details?: Record<string, unknown>;
};

type ErrorData = {
  code?: string;
  reason?: string;
  details?: Record<string, unknown>;
  fieldErrors?: Record<string, string[] | undefined>;
};

export function errorInfo(error: unknown): ErrorInfo {
  const data = (error as { data?: ErrorData | null } | null)?.data ?? undefined;
  const raw = error instanceof Error ? error.message : "";
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? {})) if (messages?.length) fieldErrors[key] = messages;
  const reason = data?.reason ?? (typeof data?.details?.reason === "string" ? data.details.reason : undefined);
  return {
    // Without data the request never reached the server (offline, timeout).
    message: data ? raw || "Something went wrong. Please try again." : "We couldn't reach Depot. Check your connection and try again.",
    code: data?.code,
    reason,
    fieldErrors,
    details: data?.details,
  };
}
