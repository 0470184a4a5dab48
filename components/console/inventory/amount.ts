/** "12.5000" → "12.50": amounts are numeric(19,4) text; shown with cents unless finer. */
export function showAmount(amount: string): string {
  return amount.replace(/^(-?\d+\.\d\d)(\d*?)0*$/, "$1$2");
}
