import { Badge } from "@/components/ui/badge";

export const LOW_STOCK = 5;

export function availabilityLabel(available: number): string {
  if (available <= 0) return "Out of stock";
  if (available <= LOW_STOCK) return `Only ${available} left`;
  return "In stock";
}

export function Availability({ available }: { available: number }) {
  const tone = available <= 0 ? "danger" : available <= LOW_STOCK ? "warning" : "success";
  return <Badge tone={tone}>{availabilityLabel(available)}</Badge>;
}
