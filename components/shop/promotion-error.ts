import type { ErrorInfo } from "@/components/ui/trpc-error";

/** A promotion-code problem: the server names the code ("Code X has expired."). */
export function promotionErrorCode(info: ErrorInfo): string | undefined {
  const fromDetails = info.details?.code;
  if (typeof fromDetails === "string") return fromDetails.toUpperCase();
  if (info.reason && !info.reason.startsWith("promotion_")) return undefined;
  return /^Code (\S+) /.exec(info.message)?.[1]?.toUpperCase() ?? /code (\S+) as often/.exec(info.message)?.[1]?.toUpperCase();
}
