"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/components/console/format";
import { Card } from "@/components/ui/card";
import { useFormatDateTime } from "@/components/ui/date-time";
import { RowHeader, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";

export type HourlyPoint = { hour: Date; value: number };

/**
 * One bar per hour over the last 24 h. The SVG is an image with a title and description, and
 * the figures themselves are in a visually hidden table for screen readers.
 */
export function HourlyChart({ id, title, description, unit, points, color }: { id: string; title: string; description: string; unit: string; points: HourlyPoint[]; color: string }) {
  const format = useFormatDateTime();
  const data = points.map((p) => ({ label: format(p.hour, "time"), value: p.value }));
  const total = points.reduce((sum, p) => sum + p.value, 0);
  return (
    <Card>
      <figure aria-labelledby={`${id}-title`} className="space-y-3">
        <figcaption>
          <h3 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h3>
          <p className="text-sm text-slate-600">
            {formatNumber(total)} {unit} in the last 24 hours
          </p>
        </figcaption>
        <div>
          <BarChart
            responsive
            style={{ width: "100%", height: 180 }}
            data={data}
            title={title}
            desc={description}
            margin={{ top: 4, right: 4, bottom: 0, left: -16 }}
            accessibilityLayer={false}
            role="img"
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} interval={5} tickLine={false} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={48} />
            <Tooltip formatter={(v) => [formatNumber(Number(v)), unit]} labelFormatter={(label) => `Hour from ${String(label)}`} cursor={{ fill: "#f1f5f9" }} />
            <Bar dataKey="value" name={unit} fill={color} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </div>
        <Table variant="sr-only" caption={`${title}: ${description}`}>
          <TableHead>
            <Th>Hour starting</Th>
            <Th>{unit}</Th>
          </TableHead>
          <TableBody>
            {data.map((d, i) => (
              <tr key={i}>
                <RowHeader>{d.label}</RowHeader>
                <Td>{d.value}</Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      </figure>
    </Card>
  );
}
