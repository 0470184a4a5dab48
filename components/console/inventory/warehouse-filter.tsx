import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

/** "Warehouse" chooser of the stock pages: all warehouses, or one; changing it goes back to the first page. */
export function WarehouseFilter({
  id,
  value,
  options,
  onChange,
  className = "space-y-1.5",
}: {
  id: string;
  value: string;
  options: { id: string; label: string }[];
  onChange: (warehouseId: string) => void;
  className?: string;
}) {
  return (
    <div className={className}>
      <Label htmlFor={id}>Warehouse</Label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All warehouses</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
